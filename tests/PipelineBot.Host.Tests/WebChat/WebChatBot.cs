using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.WebChat;

/// <summary>
/// The real bot (a <see cref="BotServer"/>: free loopback port, real SQLite file, fake clock) with the web chat on and a
/// <see cref="ScriptedConversation"/> as its core, plus a Direct Line client for the tests.
/// </summary>
public sealed class WebChatBot : IAsyncDisposable
{
    private readonly BotServer _server;
    private readonly ScriptedConversation? _core;

    private WebChatBot(BotServer server, ScriptedConversation? core)
    {
        _server = server;
        _core = core;
    }

    public static readonly DateTimeOffset Now = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);

    public HttpClient Client => _server.Client;

    public BotServer Server => _server;

    public FakeTimeProvider Time => _server.Time;

    /// <summary>The scripted core, when the bot was started with one.</summary>
    public ScriptedConversation Core => _core ?? throw new InvalidOperationException("This bot runs the real conversation core.");

    public IServiceProvider Services => _server.Services;

    public static Task<WebChatBot> StartAsync(params string[] settings) => StartAsync(new ScriptedConversation(), settings);

    /// <summary>The bot with its real conversation core and card templates.</summary>
    public static Task<WebChatBot> StartWithRealCoreAsync(params string[] settings) => StartAsync(null, settings);

    private static async Task<WebChatBot> StartAsync(ScriptedConversation? core, string[] settings)
    {
        var server = await BotServer.StartAsync(Now, null, services =>
        {
            if (core is not null)
            {
                services.AddSingleton<IConversation>(core);
                services.AddSingleton(new CardTemplates(Path.Combine(AppContext.BaseDirectory, "WebChat", "Cards")));
            }
        }, settings);
        return new WebChatBot(server, core);
    }

    /// <summary>POST tokens/generate then POST conversations as a member: the conversation as the bot answered it.</summary>
    public async Task<JsonObject> StartConversationAsync(string memberId)
    {
        var generated = await Client.PostAsJsonAsync("/v3/directline/tokens/generate", new { user = new { id = memberId } });
        generated.EnsureSuccessStatusCode();
        var token = (await generated.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        var started = await Client.SendAsync(start);
        started.EnsureSuccessStatusCode();
        return (await started.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return Client.SendAsync(request);
    }

    public async Task<string> PostActivityAsync(JsonObject conversation, object activity)
    {
        var response = await SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{conversation["conversationId"]}/activities", Token(conversation), JsonContent.Create(activity));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    public async Task<JsonObject> ActivitiesAsync(JsonObject conversation, string? watermark = null)
    {
        var response = await SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation["conversationId"]}/activities{(watermark is null ? "" : $"?watermark={watermark}")}", Token(conversation));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static string Token(JsonObject conversation) => conversation["token"]!.GetValue<string>();

    /// <summary>GET conversations/{id}: what a client that lost its stream asks for, with a new stream URL replaying from <paramref name="watermark"/>.</summary>
    public async Task<JsonObject> ReconnectAsync(JsonObject conversation, string watermark)
    {
        var response = await SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation["conversationId"]}?watermark={watermark}", Token(conversation));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>A WebSocket connected to the conversation's stream URL, as Web Chat opens it.</summary>
    public static async Task<ClientWebSocket> StreamAsync(JsonObject conversation)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(conversation["streamUrl"]!.GetValue<string>()), CancellationToken.None);
        return socket;
    }

    /// <summary>The next ActivitySet the stream sends (the 30 seconds are a guard against a hang, not a timing check).</summary>
    public static async Task<JsonObject> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage && message.Length > 0)
            {
                return JsonNode.Parse(message.ToArray())!.AsObject();
            }
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
