using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace PipelineBot.Host.Tests.Slack;

/// <summary>Requests as Slack sends them: JSON events, form-encoded commands and <c>payload=</c> clicks, signed with v0 (HMAC computed here, independently of the bot's code).</summary>
public static class SlackRequests
{
    public const string Secret = "test-signing-secret-0123456789ab";

    public static string Sign(string secret, long timestamp, string body) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));

    public static HttpRequestMessage SignedRequest(string path, string body, string contentType, DateTimeOffset now, string secret = Secret, long? timestamp = null, int? retry = null)
    {
        var ts = timestamp ?? now.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", Sign(secret, ts, body));
        if (retry is { } n)
        {
            request.Headers.Add("X-Slack-Retry-Num", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return request;
    }

    public static HttpRequestMessage Event(JsonNode envelope, DateTimeOffset now, int? retry = null) =>
        SignedRequest("/slack/events", envelope.ToJsonString(), "application/json", now, retry: retry);

    public static HttpRequestMessage Command(IReadOnlyDictionary<string, string> fields, DateTimeOffset now) =>
        SignedRequest("/slack/commands", Form(fields), "application/x-www-form-urlencoded", now);

    public static HttpRequestMessage Interaction(JsonNode payload, DateTimeOffset now) =>
        SignedRequest("/slack/interactions", Form(new Dictionary<string, string> { ["payload"] = payload.ToJsonString() }), "application/x-www-form-urlencoded", now);

    /// <summary>Form-encodes as browsers and Slack do (spaces as <c>+</c>).</summary>
    public static string Form(IReadOnlyDictionary<string, string> fields) =>
        string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value).Replace("%20", "+", StringComparison.Ordinal)}"));

    /// <summary>
    /// Slack's recorded DM event (<c>message.im</c>) as said by <paramref name="user"/> in their DM channel
    /// <paramref name="channel"/>, with a fresh event id and <paramref name="typed"/> escaped as Slack escapes what people
    /// type (<c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>).
    /// </summary>
    public static JsonObject DirectMessage(string user, string channel, string typed)
    {
        var message = Payload("vercel-chat-replay-dm-slack.json", "dmMessage");
        message["event_id"] = $"Ev{Guid.NewGuid():N}";
        message["event"]!["user"] = user;
        message["event"]!["channel"] = channel;
        message["event"]!["text"] = typed.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
        return message;
    }

    /// <summary>One payload of a fixture file in tests/fixtures/slack/payloads.</summary>
    public static JsonObject Payload(string file, string? name)
    {
        var json = JsonNode.Parse(File.ReadAllText(PipelineBot.Testing.RepositoryFiles.Fixture($"slack/payloads/{file}")))!;
        return (name is null ? json : json[name]!).AsObject();
    }

    public static MediaTypeHeaderValue? ContentTypeOf(SlackCall call) => call.ContentType is null ? null : MediaTypeHeaderValue.Parse(call.ContentType);
}
