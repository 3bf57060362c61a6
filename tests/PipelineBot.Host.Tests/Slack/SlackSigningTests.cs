using System.Net;
using System.Text;
using System.Text.Json;
using PipelineBot.Host.Channels.Slack;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.Slack;

/// <summary>Every Slack request's v0 signature is checked before anything else; a bad one is 401 and changes nothing.</summary>
public class SlackSigningTests
{
    private static readonly JsonElement DocsVector = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Fixture("slack/signing/slack-docs-signing-vector.json"))).RootElement;

    private static readonly byte[] DocsBody = File.ReadAllBytes(RepositoryFiles.Fixture("slack/signing/slack-docs-slash-command-body.txt"));

    private static byte[] Basestring(long timestamp, byte[] body)
    {
        var buffer = new byte[SlackSignature.MaxPrefixLength + body.Length];
        var prefix = SlackSignature.WritePrefix(buffer, timestamp);
        body.CopyTo(buffer, prefix);
        return buffer[..(prefix + body.Length)];
    }

    [Fact]
    public void The_docs_worked_example_verifies()
    {
        var secret = Encoding.UTF8.GetBytes(DocsVector.GetProperty("signing_secret").GetString()!);
        var timestamp = long.Parse(DocsVector.GetProperty("x_slack_request_timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal($"v0:{timestamp}:", Encoding.UTF8.GetString(Basestring(timestamp, [])));
        Assert.True(SlackSignature.Matches(secret, Basestring(timestamp, DocsBody), DocsVector.GetProperty("x_slack_signature").GetString()));
    }

    [Fact]
    public void The_docs_worked_example_fails_with_one_byte_of_the_body_changed_or_a_truncated_or_garbled_signature()
    {
        var secret = Encoding.UTF8.GetBytes(DocsVector.GetProperty("signing_secret").GetString()!);
        var signature = DocsVector.GetProperty("x_slack_signature").GetString()!;
        var tampered = (byte[])DocsBody.Clone();
        tampered[^1] ^= 1;

        Assert.False(SlackSignature.Matches(secret, Basestring(1531420618, tampered), signature));
        Assert.False(SlackSignature.Matches(secret, Basestring(1531420619, DocsBody), signature));
        Assert.False(SlackSignature.Matches(secret, Basestring(1531420618, DocsBody), signature.AsSpan(0, signature.Length - 2)));
        Assert.False(SlackSignature.Matches(secret, Basestring(1531420618, DocsBody), string.Concat("v1=", signature.AsSpan(3))));
        Assert.False(SlackSignature.Matches(secret, Basestring(1531420618, DocsBody), signature[..^1] + "z"));
    }

    [Fact]
    public void A_timestamp_is_fresh_for_five_minutes_either_side_of_now()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

        Assert.True(SlackSignature.IsFresh(1_800_000_000 - 300, now));
        Assert.True(SlackSignature.IsFresh(1_800_000_000 + 300, now));
        Assert.False(SlackSignature.IsFresh(1_800_000_000 - 301, now));
        Assert.False(SlackSignature.IsFresh(1_800_000_000 + 301, now));
    }

    [Fact]
    public async Task The_docs_worked_example_is_accepted_over_HTTP_at_its_own_time_and_reaches_the_core()
    {
        var timestamp = long.Parse(DocsVector.GetProperty("x_slack_request_timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        await using var h = await SlackHarness.StartAtAsync(
            DateTimeOffset.FromUnixTimeSeconds(timestamp + 10),
            "PipelineBot:Rotation:Start=2018-01-01",
            $"PipelineBot:Slack:SigningSecret={DocsVector.GetProperty("signing_secret").GetString()}");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/slack/commands", UriKind.Relative)) { Content = new ByteArrayContent(DocsBody) };
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", DocsVector.GetProperty("x_slack_signature").GetString());

        using var response = await h.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turn = Assert.Single(h.Core.Turns);
        Assert.Equal("roadrunner", turn.Speaker.Name);
        Assert.Equal("G8PSS9T3V", turn.Place.ConversationId);
    }

    public static TheoryData<string, Func<string, DateTimeOffset, HttpRequestMessage>> BadRequests() => new()
    {
        { "wrong secret", (body, now) => SlackRequests.SignedRequest("/slack/events", body, "application/json", now, secret: "not-the-secret") },
        { "stale timestamp", (body, now) => SlackRequests.SignedRequest("/slack/events", body, "application/json", now, timestamp: now.AddMinutes(-5).AddSeconds(-1).ToUnixTimeSeconds()) },
        { "future timestamp", (body, now) => SlackRequests.SignedRequest("/slack/events", body, "application/json", now, timestamp: now.AddMinutes(5).AddSeconds(1).ToUnixTimeSeconds()) },
        { "tampered body", (body, now) => Tampered(SlackRequests.SignedRequest("/slack/events", body, "application/json", now), body.Replace("Test", "Tesu", StringComparison.Ordinal)) },
        { "no signature", (body, now) => Without(SlackRequests.SignedRequest("/slack/events", body, "application/json", now), "X-Slack-Signature") },
        { "no timestamp", (body, now) => Without(SlackRequests.SignedRequest("/slack/events", body, "application/json", now), "X-Slack-Request-Timestamp") },
        { "unsigned", (body, _) => new HttpRequestMessage(HttpMethod.Post, new Uri("/slack/events", UriKind.Relative)) { Content = new StringContent(body) } },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_badly_signed_request_is_401_and_nothing_is_done(string why, Func<string, DateTimeOffset, HttpRequestMessage> make)
    {
        await using var h = await SlackHarness.StartAsync();
        var mention = SlackRequests.Payload("vercel-chat-replay-actions-reactions-slack.json", "mention");

        using var response = await h.SendAsync(make(mention.ToJsonString(), SlackHarness.Now));
        await h.SentinelAsync();

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, why);
        Assert.DoesNotContain(h.Core.Turns, t => t.Text == "Test");
        Assert.DoesNotContain(h.Slack.Calls, c => c.Body["channel"]?.GetValue<string>() == "C00FAKECHAN1");
    }

    [Fact]
    public async Task The_window_is_five_minutes_each_way_on_the_bots_clock()
    {
        await using var h = await SlackHarness.StartAsync();
        var body = SlackRequests.Payload("slack-cr-url_verification.json", null).ToJsonString();

        using var early = await h.SendAsync(SlackRequests.SignedRequest("/slack/events", body, "application/json", SlackHarness.Now, timestamp: SlackHarness.Now.AddMinutes(5).ToUnixTimeSeconds()));
        h.Bot.Time.Advance(TimeSpan.FromMinutes(10));
        using var late = await h.SendAsync(SlackRequests.SignedRequest("/slack/events", body, "application/json", SlackHarness.Now, timestamp: SlackHarness.Now.AddMinutes(5).ToUnixTimeSeconds()));
        using var stale = await h.SendAsync(SlackRequests.SignedRequest("/slack/events", body, "application/json", SlackHarness.Now, timestamp: SlackHarness.Now.AddMinutes(4).ToUnixTimeSeconds()));

        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_413()
    {
        await using var h = await SlackHarness.StartAsync();
        var body = "{\"type\":\"event_callback\",\"pad\":\"" + new string('x', 64 * 1024) + "\"}";

        using var response = await h.SendAsync(SlackRequests.SignedRequest("/slack/events", body, "application/json", SlackHarness.Now));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_signing_secret_Slack_is_off_and_its_endpoints_do_not_exist()
    {
        await using var bot = await BotServer.StartAsync(SlackHarness.Now);

        using var response = await bot.Client.SendAsync(SlackRequests.SignedRequest("/slack/events", "{}", "application/json", SlackHarness.Now));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static HttpRequestMessage Tampered(HttpRequestMessage request, string body)
    {
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return request;
    }

    private static HttpRequestMessage Without(HttpRequestMessage request, string header)
    {
        request.Headers.Remove(header);
        return request;
    }
}
