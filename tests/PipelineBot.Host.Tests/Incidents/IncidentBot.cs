using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using PipelineBot.Host.Tests.Slack;
using PipelineBot.Host.Tests.Teams;
using PipelineBot.Infrastructure.Channels;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Testing.Airflow;

namespace PipelineBot.Host.Tests.Incidents;

/// <summary>
/// The real bot (real core, real cards, shipped catalog) with Slack and Teams both on, each talking real HTTP to its
/// fakes, signed alert intake, and optionally a fake Airflow. The clock stands at <see cref="Now"/>, a Monday morning
/// in business hours, when the default rotation (UTC, from Monday 2026-01-05) has Jackson on call.
/// </summary>
public sealed partial class IncidentBot : IAsyncDisposable
{
    public const string Secret = "test-webhook-secret-0123456789abcdef";
    public const string SlackAlertChannel = "C0ALERTS01";
    public const string TeamsChannel = "19:d441d38c655c47a085215b2726e76927@thread.tacv2";
    public const string OnCall = "jackson";

    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Slack users of the fake workspace, by member id; each has the member's catalog email.</summary>
    public static readonly IReadOnlyDictionary<string, string> SlackUsers = new Dictionary<string, string>
    {
        ["jasmine"] = "U00FAKEUSER1",
        ["miles"] = "U00FAKEUSER2",
        ["jackson"] = "U00FAKEUSER3",
        ["profit-lead"] = "U00FAKEUSER4",
        ["tech-ba"] = "U00FAKEUSER5",
        ["etl-developer"] = "U00FAKEUSER6",
        ["stranger"] = "U00FAKEUSER7",
    };

    private static readonly Dictionary<string, (string Email, string Name)> People = new()
    {
        ["jasmine"] = ("jasmine.glancy@example.com", "Jasmine Glancy"),
        ["miles"] = ("miles.lopez@example.com", "Miles Lopez"),
        ["jackson"] = ("jackson.long@example.com", "Jackson Long"),
        ["hudson"] = ("hudson.king@example.com", "Hudson King"),
        ["profit-lead"] = ("profit-lead@example.com", "Profit Team Lead"),
        ["sit-operator"] = ("sit-operator@example.com", "Service Implementation Team Operator"),
        ["tech-ba"] = ("tech-ba@example.com", "Tech BA"),
        ["etl-developer"] = ("etl-developer@example.com", "ETL Developer"),

        // In the workspace and the tenant, but not in the catalog.
        ["stranger"] = ("sam.stranger@example.org", "Sam Stranger"),
    };

    private readonly RsaSecurityKey _key;
    private int _activities;

    private IncidentBot(BotServer server, FakeSlackApi slack, FakeOpenIdServer openId, FakeConnector connector, RsaSecurityKey key)
    {
        Server = server;
        Slack = slack;
        OpenId = openId;
        Connector = connector;
        _key = key;
    }

    public BotServer Server { get; }

    public FakeSlackApi Slack { get; }

    public FakeOpenIdServer OpenId { get; }

    public FakeConnector Connector { get; }

    public HttpClient Client => Server.Client;

    /// <summary>Every Slack post into the alert channel: incident cards, team notices and the answers to clicks there.</summary>
    public IReadOnlyList<SlackCall> AlertPosts => [.. Slack.Calls.Where(c => c.Method == "chat.postMessage" && Text(c.Body["channel"]) == SlackAlertChannel)];

    /// <summary>The new posts (not replies, not updates) into the Teams alert channel.</summary>
    public IReadOnlyList<ConnectorRequest> TeamsAlertPosts =>
        [.. Connector.Activities.Where(a => a.Method == "POST" && a.RawTarget.EndsWith($"/v3/conversations/{Uri.EscapeDataString(TeamsChannel)}/activities", StringComparison.Ordinal))];

    public static Task<IncidentBot> StartAsync(params string[] settings) => StartAsync(null, settings);

    /// <param name="airflow">A fake Airflow the bot is pointed at, or null to leave Airflow off.</param>
    public static async Task<IncidentBot> StartAsync(FakeAirflow? airflow, params string[] settings)
    {
        var slack = await FakeSlackApi.StartAsync();
        foreach (var (member, user) in SlackUsers)
        {
            slack.AddUser(user, People[member].Email, People[member].Name, "Europe/Berlin");
        }

        var openId = await FakeOpenIdServer.StartAsync();
        var connector = await FakeConnector.StartAsync();
        var key = FakeOpenIdServer.NewKey("key-1");
        openId.Publish(key, ["msteams"]);
        foreach (var member in People.Keys)
        {
            connector.Member(TeamsAccount(member), People[member].Email);
        }

        string[] all =
        [
            $"PipelineBot:Alerts:WebhookSecret={Secret}",
            $"PipelineBot:Slack:SigningSecret={SlackRequests.Secret}",
            $"PipelineBot:Slack:BotToken={FakeSlackApi.Token}",
            $"PipelineBot:Slack:ApiBaseUrl={slack.ApiUrl}",
            $"PipelineBot:Slack:AlertChannel={SlackAlertChannel}",
            "PipelineBot:Slack:ChannelLimits=",
            $"PipelineBot:Teams:AppId={TeamsBot.AppId}",
            $"PipelineBot:Teams:TenantId={TeamsBot.TenantId}",
            "PipelineBot:Teams:AppPassword=test-secret",
            $"PipelineBot:Teams:OpenIdMetadataUrl={openId.MetadataUrl}",
            $"PipelineBot:Teams:TokenEndpoint={connector.TokenEndpoint}",
            "PipelineBot:Teams:ConversationLimits=",
            .. airflow?.Settings ?? [],
            .. settings,
        ];
        var server = await BotServer.StartAsync(Now, null, all);
        return new IncidentBot(server, slack, openId, connector, key);
    }

    /// <summary>The Teams account id of a member in the fake tenant (the fake Connector reports their catalog email).</summary>
    public static string TeamsAccount(string memberId) => $"29:account-of-{memberId}";

    public static string NameOf(string memberId) => People[memberId].Name;

    /// <summary>The header value a sender computes: HMAC-SHA256 of the raw body under the secret, in lower-case hex.</summary>
    public static string Sign(byte[] body, string secret = Secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static JsonObject Alert(string pipeline = "profit", string runId = "scheduled__2026-11-22T00:00:00+00:00", string summary = "Task load_sales failed: header row missing") => new()
    {
        ["pipeline"] = pipeline,
        ["runId"] = runId,
        ["kind"] = "failure",
        ["summary"] = summary,
        ["logicalDate"] = "2026-11-22",
    };

    /// <summary>POSTs <paramref name="body"/> as it is, signed with <paramref name="signature"/> (none when null).</summary>
    public async Task<HttpResponseMessage> PostRawAsync(string path, byte[] body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (signature is not null)
        {
            request.Headers.Add("X-PipelineBot-Signature", signature);
        }

        return await Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostSignedAsync(string path, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return PostRawAsync(path, body, Sign(body));
    }

    public Task<HttpResponseMessage> PostAlertAsync(JsonObject alert) => PostSignedAsync("/api/alerts", alert.ToJsonString());

    public Task<HttpResponseMessage> PostRunAsync(JsonObject run) => PostSignedAsync("/api/runs", run.ToJsonString());

    public async Task<JsonArray> IncidentsAsync(string? state = "all") =>
        (await Client.GetFromJsonAsync<JsonArray>(state is null ? "/api/incidents" : $"/api/incidents?state={state}"))!;

    public async Task<JsonObject> IncidentAsync(string id) => (await Client.GetFromJsonAsync<JsonObject>($"/api/incidents/{id}"))!;

    public async Task<int> NoticeCountAsync()
    {
        await using var db = await Server.Services.GetRequiredService<IDbContextFactory<PipelineBotDbContext>>().CreateDbContextAsync();
        return await db.Notices.CountAsync();
    }

    public Task<int> UndeliveredNoticesAsync() => Server.UndeliveredNoticesAsync();

    /// <summary>
    /// The Teams channel made the alert channel, <paramref name="alert"/> posted, and its card shown in both alert
    /// channels: the posted cards and where each copy is.
    /// </summary>
    public async Task<Carded> AlertCardedAsync(JsonObject alert)
    {
        await PostAlertsHereInTeamsAsync(OnCall);
        using var response = await PostAlertAsync(alert);
        response.EnsureSuccessStatusCode();
        await PumpUntilAsync(() => AlertPosts.Count == 1 && TeamsAlertPosts.Count == 1);
        return new Carded(
            TeamsAlertPosts[0].Body!["attachments"]![0]!["content"]!.AsObject(), await PostedCardAsync("msteams", 1),
            AlertPosts[0].Body["blocks"]!.AsArray(), await PostedCardAsync("slack", 1));
    }

    /// <summary>
    /// Where the card of an incident was posted on a channel (its conversation and message id), once the bot recorded
    /// it: that happens just after the channel's fake answered the post. With <paramref name="conversation"/>, the copy in that conversation.
    /// </summary>
    public async Task<PostedCard> PostedCardAsync(string channel, long incident, string? conversation = null)
    {
        var directory = Server.Services.GetRequiredService<ChannelDirectory>();
        IReadOnlyList<PostedCard> copies = [];
        var guard = Environment.TickCount64 + 30_000;
        while ((copies = [.. (await directory.PostedCardsAsync($"incident:{incident}", CancellationToken.None))
            .Where(p => p.Channel == channel && (conversation is null || p.ConversationId == conversation))]).Count == 0)
        {
            Assert.True(Environment.TickCount64 < guard, $"no copy of INC-{incident} was recorded on {channel}");
            await Task.Delay(10);
        }

        return Assert.Single(copies);
    }

    /// <inheritdoc cref="BotServer.PumpUntilAsync(Func{Task{bool}}, TimeSpan?)"/>
    public Task PumpUntilAsync(Func<Task<bool>> condition, TimeSpan? atMost = null) => Server.PumpUntilAsync(condition, atMost);

    public Task PumpUntilAsync(Func<bool> condition, TimeSpan? atMost = null) => Server.PumpUntilAsync(condition, atMost);

    /// <inheritdoc cref="BotServer.DeliverAllAsync"/>
    public Task DeliverAllAsync() => Server.DeliverAllAsync();

    /// <summary><paramref name="memberId"/> says "post alerts here" in the Teams channel, mentioning the bot.</summary>
    public async Task PostAlertsHereInTeamsAsync(string memberId)
    {
        using var response = await TeamsMessageAsync(memberId, "post alerts here");
        response.EnsureSuccessStatusCode();
        Assert.Contains(Connector.Activities, a => Text(a.Body?["text"])?.Contains("I'll post incident alerts", StringComparison.Ordinal) == true);
    }

    /// <summary>
    /// <paramref name="memberId"/> says "post alerts here" in the Slack channel <paramref name="channel"/>, mentioning the
    /// bot (the recorded app_mention, signed), and the bot answers there that it will.
    /// </summary>
    public async Task PostAlertsHereInSlackAsync(string memberId, string channel)
    {
        var mention = SlackRequests.Payload("vercel-chat-replay-actions-reactions-slack.json", "mention");
        mention["event_id"] = $"Ev{Guid.NewGuid():N}";
        mention["event"]!["user"] = SlackUsers[memberId];
        mention["event"]!["channel"] = channel;
        mention["event"]!["text"] = "<@U00FAKEBOT01> post alerts here";
        using var response = await Client.SendAsync(SlackRequests.Event(mention, Server.Time.GetUtcNow()));
        response.EnsureSuccessStatusCode();
        await Slack.WaitForAsync(c => c.Method == "chat.postMessage" && Text(c.Body["channel"]) == channel && AllText(c.Body).Contains("I'll post incident alerts", StringComparison.Ordinal));
    }

    /// <summary>The official sample of the bot being added to the team whose channel is <see cref="TeamsChannel"/>.</summary>
    public async Task AddedToTeamsChannelAsync()
    {
        var added = JsonNode.Parse(File.ReadAllText(PipelineBot.Testing.RepositoryFiles.Fixture("teams/activities/vercel-chat-sample-conversationUpdate-botAdded.json")))!.AsObject();
        added["serviceUrl"] = Connector.ServiceUrl;
        Assert.Equal(TeamsChannel, Text(added["conversation"]!["id"]));
        using var response = await PostToTeamsAsync(added);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A message to the bot in the Teams channel (the official sample mention, from the member's account).</summary>
    public Task<HttpResponseMessage> TeamsMessageAsync(string memberId, string text)
    {
        var activity = TeamsActivity(memberId);
        activity["text"] = $"<at>Chat SDK Demo</at> {text}";
        activity["attachments"] = new JsonArray();
        return PostToTeamsAsync(activity);
    }

    /// <summary>
    /// An <c>adaptiveCard/action</c> invoke, as Teams sends when <paramref name="memberId"/> clicks the button titled
    /// <paramref name="title"/> on the card posted as <paramref name="card"/>; the button's verb and data are read from that card.
    /// </summary>
    public async Task<JsonObject> ClickInTeamsAsync(string memberId, JsonObject card, string activityId, string title)
    {
        var button = (card["actions"] as JsonArray ?? []).OfType<JsonObject>().Single(a => Text(a["title"]) == title);
        Assert.Equal("Action.Execute", Text(button["type"]));
        var invoke = TeamsActivity(memberId);
        invoke.Remove("text");
        invoke.Remove("attachments");
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke["conversation"]!["id"] = $"{TeamsChannel};messageid={activityId}";
        invoke["replyToId"] = activityId;
        invoke["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = button["verb"]!.DeepClone(), ["data"] = button["data"]!.DeepClone() },
            ["trigger"] = "manual",
        };
        using var response = await PostToTeamsAsync(invoke);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>
    /// A signed <c>block_actions</c> click by <paramref name="memberId"/>'s Slack user on the button labelled
    /// <paramref name="label"/> of the message <paramref name="ts"/> whose blocks are <paramref name="blocks"/>, in
    /// <paramref name="channel"/> (by default the configured alert channel).
    /// </summary>
    public async Task<HttpResponseMessage> ClickInSlackAsync(string memberId, JsonArray blocks, string ts, string label, string channel = SlackAlertChannel)
    {
        var button = blocks.OfType<JsonObject>().Where(b => Text(b["type"]) == "actions")
            .SelectMany(b => b["elements"]!.AsArray().OfType<JsonObject>())
            .Single(e => Text(e["text"]?["text"]) == label);
        var click = SlackRequests.Payload("vercel-chat-replay-actions-reactions-slack.json", "action");
        click["user"] = new JsonObject { ["id"] = SlackUsers[memberId], ["username"] = memberId, ["name"] = memberId, ["team_id"] = "T00FAKE00AA" };
        click["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = ts, ["channel_id"] = channel, ["is_ephemeral"] = false };
        click["channel"] = new JsonObject { ["id"] = channel, ["name"] = "data-alerts" };
        click["message"] = new JsonObject { ["user"] = "U00FAKEBOT01", ["type"] = "message", ["ts"] = ts };
        click["response_url"] = Slack.ResponseUrl.ToString();
        click["actions"] = new JsonArray(new JsonObject
        {
            ["type"] = "button",
            ["block_id"] = "incident",
            ["action_id"] = button["action_id"]!.DeepClone(),
            ["value"] = button["value"]!.DeepClone(),
            ["text"] = button["text"]!.DeepClone(),
            ["action_ts"] = $"1767326130.{Interlocked.Increment(ref _activities):D6}",
        });
        return await Client.SendAsync(SlackRequests.Interaction(click, Server.Time.GetUtcNow()));
    }

    /// <summary>Every string in a JSON tree, for "appears nowhere in the message" checks (the wire escapes <c>&lt;</c>, so the raw text cannot be searched).</summary>
    public static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue(out string? s) => [s],
        _ => [],
    };

    /// <summary>All the text of a Slack message or Adaptive Card, joined.</summary>
    public static string AllText(JsonNode? node) => string.Join("\n", Strings(node));

    /// <summary>The text of a card with its Markdown escapes undone: cards escape <c>_</c> and <c>*</c> in ids and messages.</summary>
    public static string Unescaped(JsonNode? node) => MarkdownEscape().Replace(AllText(node), "$1");

    public static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Connector.DisposeAsync();
        await OpenId.DisposeAsync();
        await Slack.DisposeAsync();
    }

    [GeneratedRegex(@"\\([\\`*_{}\[\]()#+\-.!|~<>])")]
    private static partial Regex MarkdownEscape();

    private JsonObject TeamsActivity(string memberId)
    {
        var root = JsonNode.Parse(File.ReadAllText(PipelineBot.Testing.RepositoryFiles.Fixture("teams/activities/vercel-chat-replay-channel-teams.json")))!;
        var activity = root["mention"]!.DeepClone().AsObject();
        activity["id"] = $"f:activity-{Interlocked.Increment(ref _activities)}";
        activity["serviceUrl"] = Connector.ServiceUrl;
        activity["from"] = new JsonObject { ["id"] = TeamsAccount(memberId), ["name"] = NameOf(memberId) };
        activity["timestamp"] = Server.Time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        return activity;
    }

    private async Task<HttpResponseMessage> PostToTeamsAsync(JsonObject activity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TeamsToken());
        return await Client.SendAsync(request);
    }

    /// <summary>A token the Connector would send with an activity from the fake Connector's serviceUrl.</summary>
    public string TeamsToken() => FakeOpenIdServer.Token(_key, Server.Time.GetUtcNow(), TeamsBot.AppId, Connector.ServiceUrl);
}

/// <summary>An incident's card as posted in the Teams and the Slack alert channel, and where each copy is.</summary>
public sealed record Carded(JsonObject TeamsCard, PostedCard TeamsCopy, JsonArray SlackBlocks, PostedCard SlackCopy);
