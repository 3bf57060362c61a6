using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.Teams;

/// <summary>
/// The bot with Teams enabled, talking real HTTP to a fake OpenID/JWKS server and a fake Connector + token endpoint.
/// The rotation (Chicago, from Monday 2026-01-05: Jasmine, Miles, Jackson, Hudson) puts Miles on call at <see cref="Now"/>.
/// </summary>
public sealed class TeamsBot : IAsyncDisposable
{
    public const string AppId = "11111111-2222-3333-4444-555555555555";
    public const string BotAccountId = "28:" + AppId;
    public const string UserAccountId = "29:1xXxFakeUserBase64IdStringForTeamsPlatformAbcDeFgHiJkLmNoPqRsTuVwXyZ012345ABCDEF";
    public const string TenantId = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";

    public static readonly DateTimeOffset Now = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    private TeamsBot(BotServer server, FakeOpenIdServer openId, FakeConnector connector, RsaSecurityKey key)
    {
        Server = server;
        OpenId = openId;
        Connector = connector;
        Key = key;
    }

    public BotServer Server { get; }

    public FakeOpenIdServer OpenId { get; }

    public FakeConnector Connector { get; }

    /// <summary>The published signing key (endorsing <c>msteams</c>).</summary>
    public RsaSecurityKey Key { get; }

    public RecordingConversation Conversation => (RecordingConversation)Server.Services.GetRequiredService<IConversation>();

    public static Task<TeamsBot> StartAsync(params string[] settings) => StartAsync(realCore: false, settings);

    /// <param name="realCore">The real conversation core and the repository's cards instead of <see cref="RecordingConversation"/>.</param>
    public static async Task<TeamsBot> StartAsync(bool realCore, params string[] settings)
    {
        var openId = await FakeOpenIdServer.StartAsync();
        var connector = await FakeConnector.StartAsync();
        var key = FakeOpenIdServer.NewKey("key-1");
        openId.Publish(key, ["msteams"]);
        var server = await BotServer.StartAsync(
            Now,
            null,
            services =>
            {
                // The host registers the real core and the repository's cards; the protocol tests swap in a recorder.
                if (!realCore)
                {
                    services.AddSingleton<IConversation, RecordingConversation>();
                    services.AddSingleton(TestCardTemplates());
                }
            },
            [
                "PipelineBot:Rotation:TimeZone=America/Chicago",
                "PipelineBot:Rotation:Start=2026-01-05",
                $"PipelineBot:Teams:AppId={AppId}",
                "PipelineBot:Teams:AppPassword=test-secret",
                $"PipelineBot:Teams:OpenIdMetadataUrl={openId.MetadataUrl}",
                $"PipelineBot:Teams:EntraMetadataUrl={openId.EntraMetadataUrl}",
                $"PipelineBot:Teams:TenantId={TenantId}",
                $"PipelineBot:Teams:TokenEndpoint={connector.TokenEndpoint}",
                .. settings,
            ]);
        return new TeamsBot(server, openId, connector, key);
    }

    /// <summary>The cards the Teams tests post: an incident with an Acknowledge button, and a trade offer.</summary>
    private static CardTemplates TestCardTemplates()
    {
        var folder = Directory.CreateTempSubdirectory("pipelinebot-teams-cards-").FullName;
        try
        {
            const string Incident = """
                { "type": "AdaptiveCard", "version": "1.5",
                  "body": [ { "type": "TextBlock", "text": "Incident ${state}", "wrap": true } ],
                  "actions": [ { "type": "Action.Execute", "title": "Acknowledge", "verb": "ack", "data": { "incident": 12 } } ] }
                """;
            const string TradeOffer = """
                { "type": "AdaptiveCard", "version": "1.5", "body": [ { "type": "TextBlock", "text": "Trade ${id}", "wrap": true } ] }
                """;
            File.WriteAllText(Path.Combine(folder, "incident.json"), Incident);
            File.WriteAllText(Path.Combine(folder, "trade-offer.json"), TradeOffer);
            return new CardTemplates(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A token the Connector would send for an activity from the fake Connector's serviceUrl.</summary>
    public string Token() => FakeOpenIdServer.Token(Key, Server.Time.GetUtcNow(), AppId, Connector.ServiceUrl);

    /// <summary>An official sample activity (tests/fixtures/teams/activities) with its serviceUrl pointed at the fake Connector.</summary>
    public JsonObject Fixture(string file, string? property = null)
    {
        var root = JsonNode.Parse(File.ReadAllText(RepositoryFiles.Fixture($"teams/activities/{file}")))!.AsObject();
        var activity = (property is null ? root : root[property]!.AsObject()).DeepClone().AsObject();
        activity["serviceUrl"] = Connector.ServiceUrl;
        return activity;
    }

    public Task<HttpResponseMessage> PostAsync(JsonObject activity) => PostAsync(activity, Token());

    /// <summary>
    /// Posts the activity as the Connector sends a new one: a fixture posted again gets a fresh id (written into it), as
    /// each message the Connector sends has its own; a repeated id is a redelivery (<see cref="RedeliverAsync"/>).
    /// </summary>
    public Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token)
    {
        var id = activity["id"]?.GetValue<string>() ?? "activity";
        lock (_posted)
        {
            if (!_posted.Add(id))
            {
                activity["id"] = $"{id}.{_posted.Count}";
                _posted.Add(activity["id"]!.GetValue<string>());
            }
        }

        return RedeliverAsync(activity, token);
    }

    /// <summary>Posts the activity again as it is, as the Connector does when it got no answer in time.</summary>
    public async Task<HttpResponseMessage> RedeliverAsync(JsonObject activity, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Server.Client.SendAsync(request);
    }

    private readonly HashSet<string> _posted = [];

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Connector.DisposeAsync();
        await OpenId.DisposeAsync();
    }
}
