using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Host.Tests.Incidents;
using PipelineBot.Host.Tests.Slack;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Testing;
using Xunit.Abstractions;

namespace PipelineBot.Host.Tests.Api;

/// <summary>
/// Every endpoint that takes a body, against a stream of hostile bodies made from a valid one: truncations, wrong types,
/// nulls and huge numbers at the fields the endpoint reads, deep nesting, invalid UTF-8, and bodies that are not the
/// expected shape at all. Each is authenticated as the endpoint requires (so it reaches the parser), and each must be
/// answered 4xx with nothing stored and nothing sent; then the valid body is answered 2xx and does change something,
/// which shows the checks can see a change.
/// </summary>
public sealed class HostileBodyTests(ITestOutputHelper output)
{
    private const string ApiToken = "test-api-token-5b2c";

    /// <summary>An endpoint: its valid body (for a Slack click, the payload inside the form), the JSON paths it reads (a
    /// leading <c>?</c> marks an optional one, which may be null), and how a body is sent to it. A form endpoint's valid
    /// body is its fields as a JSON object of strings, and what it reads are the fields it requires.</summary>
    private sealed record Target(string Name, JsonNode Valid, string[] Reads, Func<byte[], HttpRequestMessage> Request, bool IsForm = false)
    {
        public byte[] ValidBody => IsForm ? FormOf(Valid.AsObject()) : Encoding.UTF8.GetBytes(Valid.ToJsonString());

        public IEnumerable<(string Kind, byte[] Body)> HostileBodies(Random random) => IsForm ? HostileForms(Valid.AsObject(), Reads) : Hostile(Valid, Reads, random);
    }

    [Fact]
    public async Task EveryEndpointWithABody_AnswersHostileBodies4xx_AndChangesNothing()
    {
        await using var bot = await IncidentBot.StartAsync($"PipelineBot:Api:Token={ApiToken}", "PipelineBot:WebChat:Enabled=true");
        await PublishedAsync(bot);
        var random = new Random(12);
        var targets = (await TargetsAsync(bot)).ToList();
        var before = await SnapshotAsync(bot);
        var tried = new List<string>();

        foreach (var target in targets)
        {
            var count = 0;
            foreach (var (kind, body) in target.HostileBodies(random))
            {
                using var request = target.Request(body);
                using var response = await bot.Client.SendAsync(request);
                var status = (int)response.StatusCode;
                Assert.True(status is >= 400 and < 500, $"{target.Name}, {kind}: {status} for {Describe(body)}");
                count++;
            }

            tried.Add($"{target.Name}: {count}");
        }

        Assert.Equal(before, await SnapshotAsync(bot));

        // The valid bodies, which do change things: the snapshot sees each kind of change the hostile ones did not make.
        foreach (var target in targets)
        {
            using var valid = target.Request(target.ValidBody);
            using var accepted = await bot.Client.SendAsync(valid);
            Assert.True(accepted.IsSuccessStatusCode, $"{target.Name}: the valid body was answered {(int)accepted.StatusCode}");
        }

        await Eventually.HoldsAsync(() => bot.Slack.Calls.Count > before.Slack && bot.Connector.Activities.Count > before.Teams);
        var after = await SnapshotAsync(bot);
        Assert.True(after.Incidents > before.Incidents && after.Runs > before.Runs && after.Trades > before.Trades && after.Overrides > before.Overrides, $"{before} -> {after}");

        output.WriteLine("hostile bodies tried, all answered 4xx: " + string.Join("; ", tried));
    }

    [Fact]
    public async Task ATeamsMessage_WithANullEntity_AndStrayChannelData_IsAnswered()
    {
        await using var bot = await IncidentBot.StartAsync("PipelineBot:WebChat:Enabled=true");
        var teams = (await TargetsAsync(bot)).Single(t => t.Name.StartsWith("POST /api/messages", StringComparison.Ordinal));
        var activity = teams.Valid.DeepClone();
        activity["entities"] = new JsonArray(null, new JsonObject { ["type"] = "clientInfo", ["timezone"] = 5 });
        activity["channelData"] = new JsonObject { ["tenant"] = 5, ["team"] = new JsonArray() };

        using var response = await bot.Client.SendAsync(teams.Request(Encoding.UTF8.GetBytes(activity.ToJsonString())));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.HoldsAsync(() => bot.Connector.Activities.Any(a => a.Method == "POST"));
    }

    private static async Task<IEnumerable<Target>> TargetsAsync(IncidentBot bot)
    {
        var now = IncidentBot.Now;
        var webChat = await StartWebChatAsync(bot);
        var teams = JsonNode.Parse(File.ReadAllText(RepositoryFiles.Fixture("teams/activities/vercel-chat-replay-dm-teams.json")))!["dmMessage"]!.DeepClone();
        teams["serviceUrl"] = bot.Connector.ServiceUrl;
        teams["from"]!["id"] = IncidentBot.TeamsAccount("jackson");
        teams["text"] = "who is on call";
        teams["locale"] = "en-US";
        teams["entities"] = new JsonArray(new JsonObject { ["type"] = "clientInfo", ["locale"] = "en-US", ["timezone"] = "America/Chicago" });
        var click = SlackRequests.Payload("vercel-chat-replay-actions-reactions-slack.json", "action");
        click["user"]!["id"] = IncidentBot.SlackUsers["jackson"];
        click["actions"]![0]!["action_id"] = "oncall-now";
        click["response_url"] = bot.Slack.ResponseUrl.ToString();
        var teamsActivities = 0;
        return
        [
            new("POST /api/alerts", IncidentBot.Alert(), ["pipeline", "runId", "kind", "summary", "?logicalDate"], body => Signed("/api/alerts", body)),
            new("POST /api/runs",
                new JsonObject { ["pipeline"] = "profit", ["runId"] = "manual__hostile", ["state"] = "failed", ["records"] = 10, ["dropped"] = 1, ["nullCritical"] = new JsonObject { ["unit_id"] = 2 }, ["error"] = "boom" },
                ["pipeline", "runId", "state", "?records", "?dropped", "?nullCritical", "?nullCritical.unit_id", "?error"], body => Signed("/api/runs", body)),
            new("POST /api/trades",
                new JsonObject { ["counterparty"] = "hudson", ["offered"] = "2026-12-25" },
                ["counterparty", "offered"], body => Bearer("/api/trades", body, ApiToken, "jackson.long@example.com")),
            new("POST /api/overrides",
                new JsonObject { ["member"] = "hudson", ["start"] = "2026-12-01T00:00:00Z", ["end"] = "2026-12-02T00:00:00Z", ["reason"] = "covering" },
                ["member", "start", "end", "?reason"], body => Bearer("/api/overrides", body, ApiToken, "de-manager@example.com")),
            new("POST /slack/events",
                SlackRequests.DirectMessage(IncidentBot.SlackUsers["jackson"], "D0HOSTILE1", "who is on call"),
                ["type", "?event_id", "event", "event.type", "?event.user", "?event.channel", "?event.text"],
                body => Slack("/slack/events", body, "application/json", now)),
            new("POST /slack/interactions", click, ["type", "user", "user.id", "actions", "actions[0].action_id", "?response_url"],
                body => Slack("/slack/interactions", Form("payload", body), "application/x-www-form-urlencoded", now)),
            new("POST /slack/commands",
                new JsonObject { ["command"] = "/pipelinebot", ["text"] = "who is on call", ["user_id"] = IncidentBot.SlackUsers["jackson"], ["user_name"] = "jackson", ["channel_id"] = "C0HOSTILE1", ["trigger_id"] = "13345224609.738474920.8088930838d88f008e0", ["response_url"] = bot.Slack.ResponseUrl.ToString() },
                ["user_id", "channel_id"], body => Slack("/slack/commands", body, "application/x-www-form-urlencoded", now), IsForm: true),
            new("POST /api/messages (Teams)", teams, ["type", "id", "serviceUrl", "from", "from.id", "conversation", "conversation.id", "?text", "?entities", "?locale"],
                body =>
                {
                    // A fresh id each time, so no body is turned away as a redelivery of an earlier one.
                    // Spliced as bytes: a detour through a string would mend the invalid UTF-8 some bodies carry.
                    var id = "\"1767378504354\""u8.ToArray();
                    var at = body.AsSpan().IndexOf(id);
                    var fresh = at < 0 ? body : [.. body[..at], .. Encoding.UTF8.GetBytes($"\"hostile-{++teamsActivities}\""), .. body[(at + id.Length)..]];
                    return Bearer("/api/messages", fresh, bot.TeamsToken(), from: null);
                }),
            new("POST /v3/directline/conversations/{id}/activities",
                new JsonObject { ["type"] = "message", ["from"] = new JsonObject { ["id"] = "jackson" }, ["text"] = "who is on call", ["locale"] = "en-US" },
                ["type", "?text", "?locale"],
                body => Bearer($"/v3/directline/conversations/{webChat.Conversation}/activities", body, webChat.Token, from: null)),
        ];
    }

    /// <summary>The hostile bodies made from <paramref name="valid"/>, each named by how it was made.</summary>
    private static IEnumerable<(string Kind, byte[] Body)> Hostile(JsonNode valid, string[] reads, Random random)
    {
        var text = Encoding.UTF8.GetBytes(valid.ToJsonString());
        for (var i = 0; i < 24; i++)
        {
            yield return ("truncated", text[..random.Next(1, text.Length - 1)]);
        }

        foreach (var read in reads)
        {
            var path = read.TrimStart('?');
            var current = At(valid, path);
            foreach (var raw in WrongFor(current, optional: read.StartsWith('?')))
            {
                yield return ($"{path} = {(raw.Length > 20 ? raw[..20] + "…" : raw)}", Replaced(valid, path, raw));
            }
        }

        for (var i = 0; i < 16; i++)
        {
            var at = random.Next(1, text.Length - 1);
            byte[][] invalid = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82]];
            yield return ("invalid UTF-8", [.. text[..at], .. invalid[i % invalid.Length], .. text[at..]]);
        }

        foreach (var other in new[] { "", "null", "[]", "{}", "\"text\"", "12", Nested(5000, "[", "]"), "{\"a\":" + Nested(5000, "{\"a\":", "}") + "}" })
        {
            yield return ("not the shape", Encoding.UTF8.GetBytes(other));
        }
    }

    /// <summary>Hostile forms: each required field left out or empty, and a name or value that decodes to bytes that are not UTF-8.</summary>
    private static IEnumerable<(string Kind, byte[] Body)> HostileForms(JsonObject fields, string[] required)
    {
        foreach (var name in required)
        {
            yield return ($"{name} left out", FormOf(Without(fields, name)));
            yield return ($"{name} empty", FormOf(With(fields, name, "")));
        }

        foreach (var (name, _) in fields)
        {
            foreach (var escape in new[] { "%FF", "%C3%28", "%ED%A0%80", "%E2%82" })
            {
                yield return ($"{name} not UTF-8", Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(FormOf(fields)).Replace($"{name}=", $"{name}={escape}", StringComparison.Ordinal)));
                yield return ($"the name {name} not UTF-8", Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(FormOf(fields)).Replace($"{name}=", $"{name}{escape}=", StringComparison.Ordinal)));
            }
        }

        foreach (var other in new[] { "", "&&&", "=", "user_id", "%FF=%FF" })
        {
            yield return ("not the shape", Encoding.ASCII.GetBytes(other));
        }

        static JsonObject Without(JsonObject fields, string name)
        {
            var copy = fields.DeepClone().AsObject();
            copy.Remove(name);
            return copy;
        }

        static JsonObject With(JsonObject fields, string name, string value)
        {
            var copy = fields.DeepClone().AsObject();
            copy[name] = value;
            return copy;
        }
    }

    private static byte[] FormOf(JsonObject fields) =>
        Encoding.ASCII.GetBytes(SlackRequests.Form(fields.ToDictionary(f => f.Key, f => f.Value!.GetValue<string>())));

    /// <summary>Raw JSON values of another kind than <paramref name="current"/>'s: never a value the field could take.</summary>
    private static List<string> WrongFor(JsonNode? current, bool optional)
    {
        var kind = current?.GetValueKind();
        var huge = new[] { "1e400", "123456789012345678901234567890123456789" };
        var all = new List<string>();
        if (kind is not System.Text.Json.JsonValueKind.String)
        {
            all.Add("\"some text\"");
        }

        if (kind is not System.Text.Json.JsonValueKind.Number)
        {
            all.AddRange(["12", .. huge]);
        }
        else
        {
            all.AddRange([.. huge, "-1", "1.5"]);
        }

        if (kind is not System.Text.Json.JsonValueKind.True and not System.Text.Json.JsonValueKind.False)
        {
            all.Add("true");
        }

        if (kind is not System.Text.Json.JsonValueKind.Object)
        {
            all.Add("{\"a\":1}");
        }

        if (kind is not System.Text.Json.JsonValueKind.Array)
        {
            all.Add("[1,2]");
        }
        else
        {
            all.AddRange(["[12]", "[\"text\"]", "[[1]]"]);
        }

        if (!optional)
        {
            all.Add("null");
        }

        all.Add(Nested(5000, "[", "]"));
        return all;
    }

    private static JsonNode? At(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (var step in Steps(path))
        {
            node = step is int index ? node![index] : node![(string)step];
        }

        return node;
    }

    /// <summary>The valid body with the value at <paramref name="path"/> swapped for raw JSON text.</summary>
    private static byte[] Replaced(JsonNode valid, string path, string raw)
    {
        const string Hole = "@@hole@@";
        var copy = valid.DeepClone();
        var steps = Steps(path);
        JsonNode parent = copy;
        foreach (var step in steps[..^1])
        {
            parent = step is int index ? parent[index]! : parent[(string)step]!;
        }

        if (steps[^1] is int last)
        {
            parent[last] = Hole;
        }
        else
        {
            parent[(string)steps[^1]] = Hole;
        }

        return Encoding.UTF8.GetBytes(copy.ToJsonString().Replace($"\"{Hole}\"", raw, StringComparison.Ordinal));
    }

    private static object[] Steps(string path) =>
        [.. path.Split('.').SelectMany(part => part.EndsWith(']')
            ? new object[] { part[..part.IndexOf('[')], int.Parse(part[(part.IndexOf('[') + 1)..^1], System.Globalization.CultureInfo.InvariantCulture) }
            : [part])];

    private static string Nested(int depth, string open, string close) =>
        string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));

    private static string Describe(byte[] body) =>
        body.Length > 200 ? Encoding.UTF8.GetString(body[..200]) + "…" : Encoding.UTF8.GetString(body);

    private static HttpRequestMessage Signed(string path, byte[] body)
    {
        var request = Raw(path, body, "application/json");
        request.Headers.Add("X-PipelineBot-Signature", IncidentBot.Sign(body));
        return request;
    }

    private static HttpRequestMessage Bearer(string path, byte[] body, string token, string? from)
    {
        var request = Raw(path, body, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (from is not null)
        {
            request.Headers.From = from;
        }

        return request;
    }

    private static HttpRequestMessage Slack(string path, byte[] body, string contentType, DateTimeOffset now)
    {
        var request = Raw(path, body, contentType);
        var timestamp = now.ToUnixTimeSeconds();
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", "v0=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(SlackRequests.Secret), (byte[])[.. Encoding.UTF8.GetBytes($"v0:{timestamp}:"), .. body])));
        return request;
    }

    private static HttpRequestMessage Raw(string path, byte[] body, string contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return request;
    }

    /// <summary>One form field holding <paramref name="value"/>'s bytes percent-encoded as they are, invalid UTF-8 included.</summary>
    private static byte[] Form(string name, byte[] value) =>
        Encoding.ASCII.GetBytes(name + "=" + string.Concat(value.Select(b => char.IsAsciiLetterOrDigit((char)b) ? ((char)b).ToString() : $"%{b:X2}")));

    private static async Task<(string Conversation, string Token)> StartWebChatAsync(IncidentBot bot)
    {
        var generated = await bot.Client.PostAsJsonAsync("/v3/directline/tokens/generate", new { user = new { id = "jackson" } });
        generated.EnsureSuccessStatusCode();
        var token = (await generated.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        using var started = await bot.Client.SendAsync(start);
        started.EnsureSuccessStatusCode();
        var conversation = (await started.Content.ReadFromJsonAsync<JsonObject>())!;
        return (conversation["conversationId"]!.GetValue<string>(), conversation["token"]!.GetValue<string>());
    }

    /// <summary>The first holiday publication runs in the background after the start; the snapshots wait for it.</summary>
    private static Task PublishedAsync(IncidentBot bot) =>
        Eventually.HoldsAsync(async () => (await SnapshotAsync(bot)).Audit.Contains("holiday-plan-published", StringComparison.Ordinal));

    /// <summary>What a request could change: the rows of every table a request writes, the audit trail's actions, and every call to the fake Slack and Teams services.</summary>
    private sealed record Snapshot(long Incidents, long Runs, long Trades, long Overrides, string Rows, string Audit, int Slack, int Teams);

    private static async Task<Snapshot> SnapshotAsync(IncidentBot bot)
    {
        await using var db = await bot.Server.Services.GetRequiredService<IDbContextFactory<PipelineBotDbContext>>().CreateDbContextAsync();
        long[] rows =
        [
            await db.IncidentClocks.LongCountAsync(), await db.Reruns.LongCountAsync(), await db.Notices.LongCountAsync(), await db.NoticeDeliveries.LongCountAsync(),
            await db.ChannelAccounts.LongCountAsync(), await db.ChannelConversations.LongCountAsync(), await db.PostedCards.LongCountAsync(),
        ];
        var actions = await db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        return new(
            await db.Incidents.LongCountAsync(), await db.Runs.LongCountAsync(), await db.TradeOffers.LongCountAsync(), await db.Overrides.LongCountAsync(),
            string.Join(",", rows), string.Join(",", actions), bot.Slack.Calls.Count, bot.Connector.Activities.Count);
    }
}
