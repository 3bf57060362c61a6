using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PipelineBot.Host.Tests.Teams;

namespace PipelineBot.Host.Tests.Slack;

/// <summary>
/// Slack's Socket Mode as its docs describe it: <c>apps.connections.open</c> (an app-level <c>xapp-</c> token,
/// answered with a single-use <c>ws://</c> URL; served by <see cref="FakeSlackApi"/> beside the rest of the Web API),
/// and, on a local Kestrel app, the WebSocket behind each URL, which says
/// <c>hello</c> on connecting, delivers envelopes, takes acknowledgements (<c>{"envelope_id"}</c>), and can send
/// <c>disconnect</c>. Envelopes go to the open connections in turn; those not acknowledged on a connection that closes
/// are delivered again on another, as Slack does.
/// </summary>
public sealed class FakeSocketMode : IAsyncDisposable
{
    public const string AppToken = "xapp-1-A00FAKEAPP01-1234567890-abcdef";

    private readonly ConcurrentDictionary<int, Connection> _open = new();
    private readonly ConcurrentQueue<JsonObject> _acks = new();
    private readonly ConcurrentDictionary<string, JsonObject> _unacked = new();
    private LocalServer _server = null!;
    private int _tickets;
    private int _opened;
    private int _delivered;

    /// <summary>How many connections the bot has opened so far.</summary>
    public int Opened => Volatile.Read(ref _opened);

    public IReadOnlyCollection<int> OpenConnections => [.. _open.Keys.Order()];

    public IReadOnlyList<JsonObject> Acks => [.. _acks];

    public static async Task<FakeSocketMode> StartAsync()
    {
        var fake = new FakeSocketMode();
        fake._server = await LocalServer.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Map("/link/", fake.AcceptAsync);
        });
        return fake;
    }

    /// <summary>The answer to <c>apps.connections.open</c> called with <paramref name="authorization"/>.</summary>
    public JsonObject Open(string? authorization) => authorization == $"Bearer {AppToken}"
        ? new JsonObject { ["ok"] = true, ["url"] = $"{_server.BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal)}/link/?ticket={Interlocked.Increment(ref _tickets)}" }
        : new JsonObject { ["ok"] = false, ["error"] = "invalid_auth" };

    /// <summary>Sends an envelope on the next open connection in turn, or on every one (as Slack may deliver it twice).</summary>
    public async Task DeliverAsync(JsonObject envelope, bool onEveryConnection = false)
    {
        _unacked[envelope["envelope_id"]!.GetValue<string>()] = envelope;
        var open = _open.OrderBy(c => c.Key).Select(c => c.Value).ToList();
        foreach (var connection in onEveryConnection ? open : [open[Interlocked.Increment(ref _delivered) % open.Count]])
        {
            await connection.SendAsync(envelope);
        }
    }

    /// <summary>Slack's <c>disconnect</c> message on one connection (<c>warning</c>, <c>refresh_requested</c>, <c>link_disabled</c>).</summary>
    public Task DisconnectAsync(int connection, string reason) =>
        _open[connection].SendAsync(new JsonObject { ["type"] = "disconnect", ["reason"] = reason, ["debug_info"] = new JsonObject { ["host"] = "applink-fake" } });

    public static JsonObject Envelope(string type, JsonObject payload, bool acceptsResponse = false) => new()
    {
        ["envelope_id"] = Guid.NewGuid().ToString(),
        ["payload"] = payload.DeepClone(),
        ["type"] = type,
        ["accepts_response_payload"] = acceptsResponse,
        ["retry_attempt"] = 0,
        ["retry_reason"] = "",
    };

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task AcceptAsync(HttpContext http)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var number = Interlocked.Increment(ref _opened);
        using var connection = new Connection(socket);
        await connection.SendAsync(new JsonObject
        {
            ["type"] = "hello",
            ["num_connections"] = _open.Count + 1,
            ["debug_info"] = new JsonObject { ["host"] = "applink-fake", ["approximate_connection_time"] = 18060 },
            ["connection_info"] = new JsonObject { ["app_id"] = "A00FAKEAPP01" },
        });
        _open[number] = connection;

        // What was sent on a connection that went away unacknowledged is sent again on this one.
        foreach (var waiting in _unacked.Values)
        {
            await connection.SendAsync(waiting);
        }

        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, http.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                var ack = JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, received.Count))!.AsObject();
                _acks.Enqueue(ack);
                _unacked.TryRemove(ack["envelope_id"]!.GetValue<string>(), out _);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The bot went away without closing.
        }
        finally
        {
            _open.TryRemove(number, out _);
        }

        if (_open.Values.FirstOrDefault() is { } other)
        {
            foreach (var waiting in _unacked.Values)
            {
                await other.SendAsync(waiting);
            }
        }

        if (socket.State == WebSocketState.CloseReceived)
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }
    }

    private sealed class Connection(WebSocket socket) : IDisposable
    {
        private readonly SemaphoreSlim _sending = new(1, 1);

        public void Dispose() => _sending.Dispose();

        public async Task SendAsync(JsonObject message)
        {
            await _sending.WaitAsync();
            try
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // The connection is closing: what it did not take is sent again on another (see AcceptAsync).
            }
            finally
            {
                _sending.Release();
            }
        }
    }
}
