using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Infrastructure.Channels;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.Teams;

/// <summary>Inbound JWT validation (PROTOCOLS.md, Bot Framework inbound JWT) with real keys, real tokens and real HTTP.</summary>
public class TeamsAuthenticationTests
{
    private const string DirectMessage = "vercel-chat-replay-dm-teams.json";

    [Fact]
    public async Task A_valid_token_gets_a_reply_naming_the_on_call_person_at_the_activitys_serviceUrl()
    {
        await using var bot = await TeamsBot.StartAsync();
        bot.Connector.Member(TeamsBot.UserAccountId, "jasmine.glancy@example.com");

        var response = await bot.PostAsync(bot.Fixture(DirectMessage, "dmMessage"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(bot.Connector.Activities);
        Assert.Equal("POST", reply.Method);
        Assert.StartsWith("/amer/a1b2c3d4-e5f6-7890-abcd-ef1234567890/v3/conversations/a%3A17NditBRO5pbPlIimLiU0g7vfMqIYTPwqILZJq", reply.RawTarget);
        Assert.EndsWith("/activities/1767378504354", reply.RawTarget);
        Assert.Equal("Bearer bot-token-1", reply.Authorization);
        Assert.Equal("**Miles Lopez** is on call.", reply.Body!["text"]!.GetValue<string>());
        Assert.Equal("1767378504354", reply.Body["replyToId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_message_the_Connector_delivers_again_is_answered_once()
    {
        await using var bot = await TeamsBot.StartAsync();
        bot.Connector.Member(TeamsBot.UserAccountId, "jasmine.glancy@example.com");
        var activity = bot.Fixture(DirectMessage, "dmMessage");

        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(activity)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bot.RedeliverAsync(activity, bot.Token())).StatusCode);

        Assert.Single(bot.Connector.Activities);
    }

    [Fact]
    public async Task Through_the_real_conversation_core_a_direct_whos_on_call_is_answered_with_the_on_call_person()
    {
        await using var bot = await TeamsBot.StartAsync(realCore: true);
        bot.Connector.Member(TeamsBot.UserAccountId, "jasmine.glancy@example.com");
        var message = bot.Fixture(DirectMessage, "dmMessage");
        message["text"] = "who's on call";

        var response = await bot.PostAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(bot.Connector.Activities);
        Assert.EndsWith("/activities/1767378504354", reply.RawTarget);
        Assert.Contains("Miles Lopez", reply.Body!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>The Bot Service's tenants (public cloud), as the Agents SDK lists them; and the bot's own.</summary>
    private const string ServiceTenantV31 = "d6d49420-f39b-4df7-a1dc-d59a935871db";
    private const string ServiceTenantV32 = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

    public static TheoryData<string, string, string> EntraTokens()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var tenant in new[] { ServiceTenantV31, ServiceTenantV32, TeamsBot.TenantId })
        {
            foreach (var issuer in new[] { $"https://sts.windows.net/{tenant}/", $"https://login.microsoftonline.com/{tenant}/v2.0" })
            {
                foreach (var audience in new[] { TeamsBot.AppId, $"api://{TeamsBot.AppId}", $"api://botid-{TeamsBot.AppId}" })
                {
                    data.Add(tenant, issuer, audience);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EntraTokens))]
    public async Task An_Entra_ID_token_of_the_Bot_Service_or_the_bots_tenant_for_any_audience_form_is_taken(string tenant, string issuer, string audience)
    {
        await using var bot = await TeamsBot.StartAsync();
        bot.Connector.Member(TeamsBot.UserAccountId, "jasmine.glancy@example.com");
        var key = FakeOpenIdServer.NewKey($"entra-{tenant}");
        bot.OpenId.PublishInTenant(tenant, key);

        // Entra ID's tokens may carry no serviceUrl claim.
        var token = FakeOpenIdServer.Token(key, bot.Server.Time.GetUtcNow(), audience, serviceUrl: null, issuer: issuer);
        var response = await bot.PostAsync(bot.Fixture(DirectMessage, "dmMessage"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("**Miles Lopez** is on call.", Assert.Single(bot.Connector.Activities).Body!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_Entra_ID_token_that_names_a_serviceUrl_must_name_the_activitys()
    {
        await using var bot = await TeamsBot.StartAsync();
        var key = FakeOpenIdServer.NewKey("entra-key");
        bot.OpenId.PublishInTenant(ServiceTenantV32, key);
        var token = FakeOpenIdServer.Token(key, bot.Server.Time.GetUtcNow(), TeamsBot.AppId, "https://smba.trafficmanager.net/amer/other/", $"https://login.microsoftonline.com/{ServiceTenantV32}/v2.0");

        var response = await bot.PostAsync(bot.Fixture(DirectMessage, "dmMessage"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(bot.Connector.Requests);
    }

    public static TheoryData<string> BadTokens() =>
    [
        "Entra ID token of another tenant",
        "Entra ID token signed with a key of another tenant",
        "Entra ID token for another application id URI",
        "three dots of nothing",
        "forged signature",
        "wrong audience",
        "wrong issuer",
        "expired",
        "serviceUrl of another service",
        "no Authorization header",
        "unknown key id",
        "not a JWT",
    ];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_401_and_nothing_is_stored_or_sent(string flaw)
    {
        await using var bot = await TeamsBot.StartAsync();
        bot.Connector.Member(TeamsBot.UserAccountId, "jasmine.glancy@example.com");
        var now = bot.Server.Time.GetUtcNow();
        var serviceUrl = bot.Connector.ServiceUrl;
        var token = flaw switch
        {
            "forged signature" => FakeOpenIdServer.Token(FakeOpenIdServer.NewKey(bot.Key.KeyId), now, TeamsBot.AppId, serviceUrl),
            "wrong audience" => FakeOpenIdServer.Token(bot.Key, now, "22222222-2222-2222-2222-222222222222", serviceUrl),
            "wrong issuer" => FakeOpenIdServer.Token(bot.Key, now, TeamsBot.AppId, serviceUrl, issuer: "https://sts.windows.net/evil/"),
            "expired" => FakeOpenIdServer.Token(bot.Key, now - TimeSpan.FromHours(2), TeamsBot.AppId, serviceUrl),
            "serviceUrl of another service" => FakeOpenIdServer.Token(bot.Key, now, TeamsBot.AppId, "https://smba.trafficmanager.net/amer/other/"),
            "no Authorization header" => null,
            "unknown key id" => FakeOpenIdServer.Token(FakeOpenIdServer.NewKey("key-nobody-published"), now, TeamsBot.AppId, serviceUrl),
            "Entra ID token of another tenant" => EntraToken(bot, "99999999-9999-9999-9999-999999999999", "99999999-9999-9999-9999-999999999999", TeamsBot.AppId, now),
            "Entra ID token signed with a key of another tenant" => EntraToken(bot, "99999999-9999-9999-9999-999999999999", ServiceTenantV31, TeamsBot.AppId, now),
            "Entra ID token for another application id URI" => EntraToken(bot, ServiceTenantV31, ServiceTenantV31, "api://22222222-2222-2222-2222-222222222222", now),
            "three dots of nothing" => "abc.def.ghi",
            _ => "not-a-jwt",
        };

        var response = await bot.PostAsync(bot.Fixture(DirectMessage, "dmMessage"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(bot.Connector.Requests);
        Assert.Empty(bot.Connector.TokenRequests);
        Assert.Empty(bot.Conversation.Turns);
        var directory = bot.Server.Services.GetRequiredService<ChannelDirectory>();
        Assert.Null(await directory.FindAccountAsync("msteams", TeamsBot.UserAccountId, CancellationToken.None));
        Assert.Null(await directory.FindConversationAsync("msteams", bot.Fixture(DirectMessage, "dmMessage")["conversation"]!["id"]!.GetValue<string>(), CancellationToken.None));
    }

    [Fact]
    public async Task With_a_certificate_instead_of_a_secret_the_bot_signs_in_with_a_client_assertion_the_token_endpoint_checks()
    {
        using var registered = SelfSigned("CN=PipelineBot");
        var folder = Directory.CreateTempSubdirectory("pipelinebot-cert-").FullName;
        var pfx = Path.Combine(folder, "bot.pfx");
        await File.WriteAllBytesAsync(pfx, registered.Export(X509ContentType.Pfx, "pfx-password"));
        await using var bot = await TeamsBot.StartAsync("PipelineBot:Teams:AppPassword=", $"PipelineBot:Teams:CertificatePath={pfx}", "PipelineBot:Teams:CertificatePassword=pfx-password");
        bot.Connector.RegisterCertificate(registered);
        bot.Connector.Member(TeamsBot.UserAccountId, "jasmine.glancy@example.com");

        var response = await bot.PostAsync(bot.Fixture(DirectMessage, "dmMessage"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer bot-token-1", Assert.Single(bot.Connector.Activities).Authorization);
        var form = Assert.Single(bot.Connector.TokenRequests);
        Assert.Equal(("client_credentials", TeamsBot.AppId, "https://api.botframework.com/.default"), (form["grant_type"], form["client_id"], form["scope"]));
        Assert.False(form.ContainsKey("client_secret"));
    }

    [Fact]
    public async Task A_certificate_the_app_does_not_have_gets_no_token_and_nothing_is_sent()
    {
        using var registered = SelfSigned("CN=PipelineBot");
        using var other = SelfSigned("CN=Someone else");
        var folder = Directory.CreateTempSubdirectory("pipelinebot-cert-").FullName;
        var pem = Path.Combine(folder, "bot.pem");
        await File.WriteAllTextAsync(pem, other.ExportCertificatePem() + "\n" + other.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        await using var bot = await TeamsBot.StartAsync("PipelineBot:Teams:AppPassword=", $"PipelineBot:Teams:CertificatePath={pem}");
        bot.Connector.RegisterCertificate(registered);
        bot.Connector.Member(TeamsBot.UserAccountId, "jasmine.glancy@example.com");

        using var response = await bot.PostAsync(bot.Fixture(DirectMessage, "dmMessage"));

        // The bot cannot answer until its credential is fixed: 503, and the log says what Entra ID refused.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("client_assertion", bot.Connector.TokenRequests[0].Keys);
        Assert.Empty(bot.Connector.Activities);
    }

    /// <summary>A certificate valid around the bot's fake clock, which is what the assertions it signs are dated by.</summary>
    private static X509Certificate2 SelfSigned(string subject)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(TeamsBot.Now.AddDays(-1), TeamsBot.Now.AddYears(1));
    }

    /// <summary>A v2 token claiming <paramref name="issuerTenant"/>, signed with a key published in <paramref name="keyTenant"/>'s key set.</summary>
    private static string EntraToken(TeamsBot bot, string keyTenant, string issuerTenant, string audience, DateTimeOffset now)
    {
        var key = FakeOpenIdServer.NewKey($"entra-{keyTenant}");
        bot.OpenId.PublishInTenant(keyTenant, key);
        return FakeOpenIdServer.Token(key, now, audience, serviceUrl: null, issuer: $"https://login.microsoftonline.com/{issuerTenant}/v2.0");
    }

    [Fact]
    public async Task A_token_stays_valid_within_five_minutes_of_skew_and_not_after()
    {
        await using var bot = await TeamsBot.StartAsync();
        var token = FakeOpenIdServer.Token(bot.Key, bot.Server.Time.GetUtcNow(), TeamsBot.AppId, bot.Connector.ServiceUrl, lifetime: TimeSpan.FromMinutes(10));
        var activity = bot.Fixture(DirectMessage, "dmMessage");

        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(activity, token)).StatusCode);
        bot.Server.Time.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(activity, token)).StatusCode);
        bot.Server.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsync(activity, token)).StatusCode);
        Assert.Equal(2, bot.Conversation.Turns.Count);
    }

    [Fact]
    public async Task A_reused_token_is_still_checked_against_each_activitys_serviceUrl()
    {
        await using var bot = await TeamsBot.StartAsync();
        var token = bot.Token();
        var elsewhere = bot.Fixture(DirectMessage, "dmMessage");
        elsewhere["serviceUrl"] = "https://smba.trafficmanager.net/emea/other/";

        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(bot.Fixture(DirectMessage, "dmMessage"), token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsync(elsewhere, token)).StatusCode);
        Assert.Single(bot.Conversation.Turns);
    }

    [Fact]
    public async Task A_key_that_does_not_endorse_the_activitys_channel_is_403()
    {
        await using var bot = await TeamsBot.StartAsync();
        var activity = bot.Fixture(DirectMessage, "dmMessage");
        activity["channelId"] = "webchat";

        var response = await bot.PostAsync(activity);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(bot.Connector.Requests);
        Assert.Empty(bot.Conversation.Turns);
    }

    [Fact]
    public async Task A_new_key_is_accepted_once_it_appears_in_the_key_set_and_unknown_keys_refresh_at_most_every_five_minutes()
    {
        await using var bot = await TeamsBot.StartAsync();
        var activity = bot.Fixture(DirectMessage, "dmMessage");
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(activity)).StatusCode);
        var fetches = bot.OpenId.KeyRequests;

        var rotated = FakeOpenIdServer.NewKey("key-2");
        bot.OpenId.Publish(rotated, ["msteams"]);
        var now = bot.Server.Time.GetUtcNow();
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(activity, FakeOpenIdServer.Token(rotated, now, TeamsBot.AppId, bot.Connector.ServiceUrl))).StatusCode);
        Assert.Equal(fetches + 1, bot.OpenId.KeyRequests);

        // Made-up key ids do not make the bot fetch the key set on every request.
        for (var i = 0; i < 3; i++)
        {
            var forged = FakeOpenIdServer.Token(FakeOpenIdServer.NewKey($"made-up-{i}"), now, TeamsBot.AppId, bot.Connector.ServiceUrl);
            Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsync(activity, forged)).StatusCode);
        }

        Assert.Equal(fetches + 1, bot.OpenId.KeyRequests);
        Assert.Equal(2, bot.Conversation.Turns.Count);
    }

    [Fact]
    public async Task The_key_set_is_fetched_again_after_a_day()
    {
        await using var bot = await TeamsBot.StartAsync();
        var activity = bot.Fixture(DirectMessage, "dmMessage");
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(activity)).StatusCode);
        var fetches = bot.OpenId.KeyRequests;

        bot.Server.Time.Advance(TimeSpan.FromHours(24));

        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(activity)).StatusCode);
        Assert.Equal(fetches + 1, bot.OpenId.KeyRequests);
    }
}
