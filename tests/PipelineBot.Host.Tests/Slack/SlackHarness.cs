using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Conversation;

namespace PipelineBot.Host.Tests.Slack;

/// <summary>The bot with Slack on, talking to a fake Slack; the core is a scripted double.</summary>
public sealed class SlackHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private SlackHarness(BotServer bot, FakeSlackApi slack, ScriptedConversation core)
    {
        Bot = bot;
        Slack = slack;
        Core = core;
    }

    public BotServer Bot { get; }

    public FakeSlackApi Slack { get; }

    public ScriptedConversation Core { get; }

    public HttpClient Client => Bot.Client;

    /// <summary>Starts a fake Slack knowing Jasmine (U00FAKEUSER1, the fixtures' user) and Miles (U00FAKEUSER2), and the bot pointed at it.</summary>
    public static Task<SlackHarness> StartAsync(params string[] settings) => StartAtAsync(Now, settings);

    public static Task<SlackHarness> StartAtAsync(DateTimeOffset now, params string[] settings) => StartAsync(now, realCore: false, settings);

    /// <summary>The same, with the real conversation core instead of the scripted one (<see cref="Core"/> then sees nothing).</summary>
    public static Task<SlackHarness> StartWithRealCoreAsync(params string[] settings) => StartWithRealCoreAtAsync(Now, settings);

    public static Task<SlackHarness> StartWithRealCoreAtAsync(DateTimeOffset now, params string[] settings) => StartAsync(now, realCore: true, settings);

    /// <summary>The bot on Socket Mode alone (an app token, no signing secret), its connections opened to <paramref name="socketMode"/>.</summary>
    public static Task<SlackHarness> StartOnSocketModeAsync(FakeSocketMode socketMode) =>
        StartAsync(Now, realCore: false, [$"PipelineBot:Slack:AppToken={FakeSocketMode.AppToken}", "PipelineBot:Slack:SigningSecret="], socketMode);

    private static async Task<SlackHarness> StartAsync(DateTimeOffset now, bool realCore, string[] settings, FakeSocketMode? socketMode = null)
    {
        var slack = await FakeSlackApi.StartAsync();
        slack.SocketMode = socketMode;
        slack.AddUser("U00FAKEUSER1", "jasmine.glancy@example.com", "Jasmine Glancy", "Europe/Berlin", "de-DE");
        slack.AddUser("U00FAKEUSER2", "miles.lopez@example.com", "Miles Lopez", "America/Chicago");
        var core = new ScriptedConversation();
        string[] all =
        [
            $"PipelineBot:Slack:SigningSecret={SlackRequests.Secret}",
            $"PipelineBot:Slack:BotToken={FakeSlackApi.Token}",
            $"PipelineBot:Slack:ApiBaseUrl={slack.ApiUrl}",
            "PipelineBot:Slack:ChannelLimits=",
            .. settings,
        ];
        var bot = await BotServer.StartAsync(now, null, services =>
        {
            if (realCore)
            {
                services.AddConversation();
            }
            else
            {
                services.AddSingleton<IConversation>(core);
            }
        }, all);
        return new SlackHarness(bot, slack, core);
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => Client.SendAsync(request);

    /// <summary>
    /// Sends a message from <paramref name="user"/> into <paramref name="channel"/> (a DM for <c>D…</c>, else a mention)
    /// and waits for its answer: one conversation's work is done in order, so whatever an earlier request there started
    /// has finished by then. Returns the words it said, which its answer quotes.
    /// </summary>
    public async Task<string> SentinelAsync(string channel = "D0A5319PS02", string user = "U00FAKEUSER1")
    {
        var marker = $"sentinel {Guid.NewGuid():N}";
        var message = channel.StartsWith('D')
            ? SlackRequests.Payload("vercel-chat-replay-dm-slack.json", "dmMessage")
            : SlackRequests.Payload("vercel-chat-replay-actions-reactions-slack.json", "mention");
        message["event_id"] = "Ev" + marker.Replace(" ", string.Empty, StringComparison.Ordinal);
        message["event"]!["channel"] = channel;
        message["event"]!["text"] = marker;
        message["event"]!["user"] = user;
        using var response = await SendAsync(SlackRequests.Event(message, Bot.Time.GetUtcNow()));
        response.EnsureSuccessStatusCode();
        await Slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Body["text"]!.GetValue<string>().Contains(marker, StringComparison.Ordinal));
        return marker;
    }

    /// <summary>
    /// Moves the bot's clock a second at a time until <paramref name="pending"/> completes (at most a minute of fake
    /// time), for work that waits on the clock (Retry-After, pacing, the command's inline budget).
    /// </summary>
    public async Task AdvanceUntilDoneAsync(Task pending)
    {
        for (var second = 0; second < 60 && !pending.IsCompleted; second++)
        {
            Bot.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(pending, Task.Delay(50));
        }

        await pending;
    }

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Slack.DisposeAsync();
    }
}
