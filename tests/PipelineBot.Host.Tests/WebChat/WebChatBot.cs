using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;
using PipelineBot.Infrastructure;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.WebChat;

/// <summary>
/// The real bot on Kestrel (as <see cref="BotServer"/>: free loopback port, real SQLite file, fake clock) with the
/// web chat on and a <see cref="ScriptedConversation"/> as its core, plus a Direct Line client for the tests.
/// </summary>
public sealed class WebChatBot : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _folder;
    private readonly ScriptedConversation? _core;

    private WebChatBot(WebApplication app, string folder, FakeTimeProvider time, ScriptedConversation? core)
    {
        _app = app;
        _folder = folder;
        Time = time;
        _core = core;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public static readonly DateTimeOffset Now = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);

    public HttpClient Client { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>The scripted core, when the bot was started with one.</summary>
    public ScriptedConversation Core => _core ?? throw new InvalidOperationException("This bot runs the real conversation core.");

    public IServiceProvider Services => _app.Services;

    public static Task<WebChatBot> StartAsync(params string[] settings) => StartAsync(new ScriptedConversation(), settings);

    /// <summary>The bot with its real conversation core and card templates.</summary>
    public static Task<WebChatBot> StartWithRealCoreAsync(params string[] settings) => StartAsync(null, settings);

    private static async Task<WebChatBot> StartAsync(ScriptedConversation? core, string[] settings)
    {
        var folder = Directory.CreateTempSubdirectory("pipelinebot-webchat-").FullName;
        var time = new FakeTimeProvider(Now);
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--PipelineBot:Storage:ConnectionString=Data Source={Path.Combine(folder, "pipelinebot.db")};Pooling=False",
            .. settings.Select(s => "--" + s),
        ];
        var app = BotHost.Build(args, services =>
        {
            services.AddSingleton<TimeProvider>(time);
            if (core is not null)
            {
                services.AddSingleton<IConversation>(core);
                services.AddSingleton(new CardTemplates(Path.Combine(AppContext.BaseDirectory, "WebChat", "Cards")));
            }
        });
        await app.Services.PrepareStorageAsync();
        await app.StartAsync();
        return new WebChatBot(app, folder, time, core);
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

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
