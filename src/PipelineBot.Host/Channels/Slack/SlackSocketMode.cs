using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// Slack's Socket Mode, for a bot with no public HTTPS endpoint (<see cref="SlackOptions.AppToken"/>). It keeps
/// <see cref="Connections"/> WebSocket connections, each opened with a fresh URL from <c>apps.connections.open</c>, so
/// that while one reconnects (on Slack's <c>disconnect</c> message or a dropped socket) the other still takes envelopes.
/// Each envelope (<c>events_api</c>, <c>slash_commands</c>, <c>interactive</c>) goes to the same handler as its HTTP
/// request would, and is acknowledged with its <c>envelope_id</c> as soon as the handler has taken it in (it queues the
/// work), within Slack's 3 seconds; a slash command's answer rides on the acknowledgement. Both connections may deliver
/// one envelope: the handlers take in each event, command and click once (<see cref="SlackInbox"/>).
/// </summary>
internal sealed partial class SlackSocketMode(
    IHttpClientFactory http,
    IOptions<SlackOptions> options,
    SlackEventHandler events,
    SlackCommandHandler commands,
    SlackInteractionHandler interactions,
    IServiceProvider services,
    TimeProvider time,
    ILogger<SlackSocketMode> logger) : BackgroundService
{
    public const int Connections = 2;

    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(1, Connections).Select(n => KeepConnectedAsync(n, stoppingToken)));

    private async Task KeepConnectedAsync(int connection, CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ConnectAsync(connection, stoppingToken);
                failures = 0;
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException or JsonException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                // Slack down, the network gone, or the app token refused: try again, pausing longer each time.
                failures++;
                var pause = TimeSpan.FromSeconds(Math.Min(LongestPause.TotalSeconds, Math.Pow(2, failures - 1)));
                LogConnectionFailed(logger, e, connection, pause);
                await Task.Delay(pause, time, stoppingToken);
            }
        }
    }

    /// <summary>One connection, from opening to its end (Slack's <c>disconnect</c>, or the socket closing); the caller opens the next.</summary>
    private async Task ConnectAsync(int connection, CancellationToken stoppingToken)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(await OpenUrlAsync(stoppingToken), stoppingToken);
        using var sending = new SemaphoreSlim(1, 1);
        var pending = new List<Task>();
        try
        {
            while (await ReceiveAsync(socket, stoppingToken) is { } text)
            {
                var message = JsonNode.Parse(text) as JsonObject;
                switch (Text(message?["type"]))
                {
                    case "hello":
                        LogConnected(logger, connection);
                        break;
                    case "disconnect":
                        var reason = Text(message!["reason"]);
                        LogDisconnect(logger, connection, reason);
                        await Task.WhenAll(pending);
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "disconnect", stoppingToken);
                        return;
                    default:
                        if (Text(message?["envelope_id"]) is { } envelopeId)
                        {
                            pending.Add(TakeAsync(socket, sending, envelopeId, message!, stoppingToken));
                            pending.RemoveAll(t => t.IsCompleted);
                        }

                        break;
                }
            }
        }
        finally
        {
            // Envelopes already taken in are acknowledged before this socket goes.
            await Task.WhenAll(pending);
        }
    }

    /// <summary>Hands an envelope's payload to its handler and acknowledges it, with the handler's answer when Slack takes one.</summary>
    private async Task TakeAsync(ClientWebSocket socket, SemaphoreSlim sending, string envelopeId, JsonObject envelope, CancellationToken stoppingToken)
    {
        var ack = new JsonObject { ["envelope_id"] = envelopeId };
        try
        {
            var isRetry = envelope["retry_attempt"] is JsonValue attempt && attempt.TryGetValue<int>(out var n) && n > 0;
            var type = Text(envelope["type"]);
            if (envelope["payload"] is JsonObject payload && Body(type, payload) is { } body)
            {
                using var request = SlackRequest.FromSocket(body, isRetry);
                var result = type switch
                {
                    "events_api" => await events.AcceptAsync(request, stoppingToken),
                    "slash_commands" => await commands.AcceptAsync(request, stoppingToken),
                    _ => await interactions.AcceptAsync(request, stoppingToken),
                };
                if (envelope["accepts_response_payload"] is JsonValue accepts && accepts.TryGetValue<bool>(out var yes) && yes && await AnswerOfAsync(result) is { } answer)
                {
                    ack["payload"] = answer;
                }
            }
            else
            {
                LogUnknownEnvelope(logger, type);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One envelope's failure must not take the connection, and the envelopes behind it, down with it.
            LogEnvelopeFailed(logger, e, envelopeId);
        }
        finally
        {
            // Acknowledged whatever became of it: unacknowledged, Slack would send it again and again.
            await sending.WaitAsync(stoppingToken);
            try
            {
                if (socket.State == WebSocketState.Open)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(ack.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, stoppingToken);
                }
            }
            finally
            {
                sending.Release();
            }
        }
    }

    /// <summary>The payload as the HTTP endpoint would have had it: an event's JSON, or a form (a click's <c>payload=</c>, a command's fields).</summary>
    private static byte[]? Body(string? type, JsonObject payload) => type switch
    {
        "events_api" => Encoding.UTF8.GetBytes(payload.ToJsonString()),
        "interactive" => Encoding.ASCII.GetBytes("payload=" + Uri.EscapeDataString(payload.ToJsonString())),
        "slash_commands" => Encoding.ASCII.GetBytes(string.Join("&", payload.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(Text(f.Value) ?? "")}"))),
        _ => null,
    };

    /// <summary>The JSON a handler answered with (a slash command's inline answer), run against a context of its own.</summary>
    private async Task<JsonNode?> AnswerOfAsync(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        return context.Response.StatusCode == StatusCodes.Status200OK && body.Length > 0 && context.Response.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true
            ? JsonNode.Parse(body.ToArray())
            : null;
    }

    private async Task<Uri> OpenUrlAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.ApiBaseUrl, "apps.connections.open"))
        {
            Content = new FormUrlEncodedContent([]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.AppToken);
        using var response = await http.CreateClient(nameof(SlackSocketMode)).SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonObject;
        return answer?["ok"] is JsonValue ok && ok.TryGetValue<bool>(out var isOk) && isOk && Text(answer["url"]) is { } url
            ? new Uri(url)
            : throw new InvalidOperationException($"Slack refused apps.connections.open: {Text(answer?["error"]) ?? "no url"}");
    }

    /// <summary>One whole text message, or null when the socket closed.</summary>
    private static async Task<string?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var part = await socket.ReceiveAsync(buffer, cancellationToken);
            if (part.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, part.Count);
            if (part.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack Socket Mode: connection {Connection} is open")]
    private static partial void LogConnected(ILogger logger, int connection);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack Socket Mode: Slack closes connection {Connection} ({Reason}); opening another")]
    private static partial void LogDisconnect(ILogger logger, int connection, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack Socket Mode: connection {Connection} failed; trying again in {Pause}")]
    private static partial void LogConnectionFailed(ILogger logger, Exception error, int connection, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack Socket Mode: envelope {EnvelopeId} could not be handled; acknowledged")]
    private static partial void LogEnvelopeFailed(ILogger logger, Exception error, string envelopeId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Slack Socket Mode: an envelope of type {Type} is not one the bot takes; acknowledged")]
    private static partial void LogUnknownEnvelope(ILogger logger, string? type);
}
