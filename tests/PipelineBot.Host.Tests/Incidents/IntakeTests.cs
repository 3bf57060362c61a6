using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace PipelineBot.Host.Tests.Incidents;

/// <summary><c>POST /api/alerts</c> and <c>POST /api/runs</c> through real HTTP with real HMAC signatures, on a real SQLite file.</summary>
public class IntakeTests
{
    private const int MaxBody = 256 * 1024;

    [Fact]
    public async Task A_signed_alert_is_answered_201_with_its_incident_and_is_listed_the_moment_the_answer_arrives()
    {
        await using var bot = await IncidentBot.StartAsync();

        using var response = await bot.PostAlertAsync(IncidentBot.Alert());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var location = response.Headers.Location?.OriginalString;
        Assert.StartsWith("/api/incidents/", location, StringComparison.Ordinal);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("INC-1", IncidentBot.Text(body["incident"]));
        Assert.True(body["created"]!.GetValue<bool>());

        // No clock moved and no background loop was given a turn: the incident was stored before the 201.
        var listed = Assert.Single(await bot.IncidentsAsync("open"));
        Assert.Equal(("INC-1", "profit", "scheduled__2026-11-22T00:00:00+00:00", "failure", "open"),
            (IncidentBot.Text(listed!["id"]), IncidentBot.Text(listed["pipeline"]), IncidentBot.Text(listed["runId"]), IncidentBot.Text(listed["kind"]), IncidentBot.Text(listed["state"])));
        Assert.Equal("Task load_sales failed: header row missing", IncidentBot.Text(listed["summary"]));
        Assert.Equal("2026-11-23T10:00:00Z", IncidentBot.Text(listed["openedAt"]));
        var located = (await bot.Client.GetFromJsonAsync<JsonObject>(location))!;
        Assert.Equal("INC-1", IncidentBot.Text(located["id"]));
    }

    [Fact]
    public async Task The_same_alert_again_is_answered_200_naming_the_same_incident_and_opens_nothing_new()
    {
        await using var bot = await IncidentBot.StartAsync();
        using var first = await bot.PostAlertAsync(IncidentBot.Alert());
        var notices = await bot.NoticeCountAsync();

        using var again = await bot.PostAlertAsync(IncidentBot.Alert(summary: "Task load_sales failed again"));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Null(again.Headers.Location);
        var body = (await again.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("INC-1", false), (IncidentBot.Text(body["incident"]), body["created"]!.GetValue<bool>()));
        Assert.Single(await bot.IncidentsAsync());
        Assert.Equal(notices, await bot.NoticeCountAsync());
    }

    public static TheoryData<string> Forgeries => ["wrong secret", "no header", "tampered body", "not hex", "sha1 scheme"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task An_alert_whose_signature_does_not_match_is_401_and_nothing_is_stored(string forgery)
    {
        await using var bot = await IncidentBot.StartAsync();
        var notices = await bot.NoticeCountAsync();
        var body = Encoding.UTF8.GetBytes(IncidentBot.Alert().ToJsonString());
        var (sent, signature) = forgery switch
        {
            "wrong secret" => (body, IncidentBot.Sign(body, "not-the-secret")),
            "no header" => (body, null),
            "tampered body" => (Encoding.UTF8.GetBytes(IncidentBot.Alert(pipeline: "growth").ToJsonString()), IncidentBot.Sign(body)),
            "not hex" => (body, "sha256=" + new string('z', 64)),
            _ => (body, "sha1=" + IncidentBot.Sign(body)["sha256=".Length..]),
        };

        using var response = await bot.PostRawAsync("/api/alerts", sent, signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("X-PipelineBot-Signature", IncidentBot.Text(problem["detail"]), StringComparison.Ordinal);
        Assert.Empty(await bot.IncidentsAsync("all"));
        Assert.Equal(notices, await bot.NoticeCountAsync());
    }

    [Fact]
    public async Task A_run_event_with_a_bad_signature_is_401_and_records_nothing()
    {
        await using var bot = await IncidentBot.StartAsync();
        var body = Encoding.UTF8.GetBytes(Run("profit", "r1", "failed").ToJsonString());

        using var response = await bot.PostRawAsync("/api/runs", body, IncidentBot.Sign(body, "not-the-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await bot.IncidentsAsync("all"));
    }

    [Fact]
    public async Task A_body_one_byte_over_256_KiB_is_413_whether_announced_or_streamed_and_exactly_256_KiB_is_accepted()
    {
        await using var bot = await IncidentBot.StartAsync();
        var notices = await bot.NoticeCountAsync();
        var over = Padded(IncidentBot.Alert(runId: "too-big"), MaxBody + 1);
        var exact = Padded(IncidentBot.Alert(runId: "just-fits"), MaxBody);

        using var announced = await bot.PostRawAsync("/api/alerts", over, IncidentBot.Sign(over));
        using var streamed = await PostChunkedAsync(bot, over);
        using var fits = await bot.PostRawAsync("/api/alerts", exact, IncidentBot.Sign(exact));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, announced.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Contains("256 KiB", IncidentBot.Text((await announced.Content.ReadFromJsonAsync<JsonObject>())!["detail"]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, fits.StatusCode);
        var stored = Assert.Single(await bot.IncidentsAsync("all"));
        Assert.Equal("just-fits", IncidentBot.Text(stored!["runId"]));
        Assert.Equal(notices + 1, await bot.NoticeCountAsync());
    }

    public static TheoryData<string, string, string> Malformed => new()
    {
        { "not JSON", "pipeline: profit", "not valid JSON" },
        { "an array", """[{"pipeline":"profit"}]""", "not valid JSON" },
        { "an unknown field", """{"pipeline":"profit","runId":"r1","kind":"failure","summary":"x","severity":"high"}""", "'severity'" },
        { "an unknown pipeline", """{"pipeline":"proffit","runId":"r1","kind":"failure","summary":"x"}""", "'pipeline' is 'proffit', which is not in the catalog. Nearest: profit" },
        { "a bad kind", """{"pipeline":"profit","runId":"r1","kind":"outage","summary":"x"}""", "'kind' is 'outage'; it must be \"failure\" or \"data-quality\"" },
        { "a bad logical date", """{"pipeline":"profit","runId":"r1","kind":"failure","summary":"x","logicalDate":"22/11/2026"}""", "'logicalDate' is '22/11/2026', which is not an ISO 8601 date" },
        { "no run id", """{"pipeline":"profit","kind":"failure","summary":"x"}""", "'runId' is required" },
        { "a relative log URL", """{"pipeline":"profit","runId":"r1","kind":"failure","summary":"x","logUrl":"/log/1"}""", "'logUrl' is '/log/1', which is not an absolute http(s) URL" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_signed_alert_that_is_not_a_valid_report_is_400_with_an_errors_entry_saying_what_is_wrong_and_nothing_is_stored(string what, string json, string error)
    {
        await using var bot = await IncidentBot.StartAsync();
        var notices = await bot.NoticeCountAsync();

        using var response = await bot.PostSignedAsync("/api/alerts", json);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray();
        Assert.Contains(errors, e => IncidentBot.Text(e)!.Contains(error, StringComparison.Ordinal));
        Assert.Empty(await bot.IncidentsAsync("all"));
        Assert.Equal(notices, await bot.NoticeCountAsync());
    }

    [Fact]
    public async Task Every_problem_of_an_alert_is_listed_at_once()
    {
        await using var bot = await IncidentBot.StartAsync();

        using var response = await bot.PostSignedAsync("/api/alerts", """{"pipeline":"proffit","kind":"outage","summary":"x","logicalDate":"yesterday"}""");

        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Select(IncidentBot.Text).ToList();
        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e!.StartsWith("'pipeline'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.StartsWith("'runId'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.StartsWith("'kind'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.StartsWith("'logicalDate'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_webhook_secret_intake_is_503_and_names_the_setting_to_configure()
    {
        await using var bot = await IncidentBot.StartAsync("PipelineBot:Alerts:WebhookSecret=");

        using var alert = await bot.PostAlertAsync(IncidentBot.Alert());
        using var run = await bot.PostRunAsync(Run("profit", "r1", "failed"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, alert.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, run.StatusCode);
        var detail = IncidentBot.Text((await alert.Content.ReadFromJsonAsync<JsonObject>())!["detail"]);
        Assert.Contains("PipelineBot:Alerts:WebhookSecret", detail, StringComparison.Ordinal);
        Assert.Contains("PipelineBot__Alerts__WebhookSecret", detail, StringComparison.Ordinal);
        Assert.Empty(await bot.IncidentsAsync("all"));
    }

    [Fact]
    public async Task A_failed_run_opens_a_failure_incident_carrying_the_runs_error()
    {
        await using var bot = await IncidentBot.StartAsync();

        using var response = await bot.PostRunAsync(Run("profit", "r1", "failed", error: "OOM in transform_sales"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((true, "INC-1", true), (body["recorded"]!.GetValue<bool>(), IncidentBot.Text(body["incident"]), body["created"]!.GetValue<bool>()));
        var incident = await bot.IncidentAsync("INC-1");
        Assert.Equal(("failure", "r1", "OOM in transform_sales"), (IncidentBot.Text(incident["kind"]), IncidentBot.Text(incident["runId"]), IncidentBot.Text(incident["summary"])));
    }

    [Fact]
    public async Task A_successful_run_that_dropped_more_than_the_SLA_allows_opens_a_data_quality_incident()
    {
        await using var bot = await IncidentBot.StartAsync();

        using var response = await bot.PostRunAsync(Run("growth", "g1", "succeeded", records: 1000, dropped: 2));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("INC-1", true), (IncidentBot.Text(body["incident"]), body["created"]!.GetValue<bool>()));
        var incident = await bot.IncidentAsync("INC-1");
        Assert.Equal(("data-quality", "growth"), (IncidentBot.Text(incident["kind"]), IncidentBot.Text(incident["pipeline"])));
        Assert.StartsWith("Data-quality SLA broken", IncidentBot.Text(incident["summary"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_successful_run_within_the_SLA_is_recorded_and_opens_nothing()
    {
        await using var bot = await IncidentBot.StartAsync();

        // 1 of 1000 dropped is exactly the 0.1 % the SLA allows.
        using var response = await bot.PostRunAsync(Run("growth", "g1", "succeeded", records: 1000, dropped: 1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(body["recorded"]!.GetValue<bool>());
        Assert.Null(body["incident"]);
        Assert.False(body["created"]!.GetValue<bool>());
        Assert.Empty(await bot.IncidentsAsync("all"));
    }

    [Fact]
    public async Task A_run_event_with_a_negative_count_or_unknown_state_is_400()
    {
        await using var bot = await IncidentBot.StartAsync();

        using var response = await bot.PostRunAsync(Run("growth", "g1", "done", records: -1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Select(IncidentBot.Text).ToList();
        Assert.Contains(errors, e => e!.Contains("'state' is 'done'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.Contains("'records' is -1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("waiting", null, "'file' is required with \"state\": \"waiting\": the name of the source file the run waits for.")]
    [InlineData("succeeded", "sales.csv", "'file' names the source file a waiting run waits for; it goes with \"state\": \"waiting\" only.")]
    public async Task A_waiting_run_must_name_its_file_and_only_a_waiting_one_may(string state, string? file, string error)
    {
        await using var bot = await IncidentBot.StartAsync();
        var run = Run("unit-level-profit", "w1", state);
        run["file"] = file;

        using var response = await bot.PostRunAsync(run);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(error, (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Select(IncidentBot.Text));
    }

    [Fact]
    public async Task Twenty_identical_alerts_at_once_open_exactly_one_incident_one_201_and_nineteen_200()
    {
        await using var bot = await IncidentBot.StartAsync();
        var notices = await bot.NoticeCountAsync();
        var json = IncidentBot.Alert().ToJsonString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => bot.PostSignedAsync("/api/alerts", json)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var response in responses)
        {
            Assert.Equal("INC-1", IncidentBot.Text((await response.Content.ReadFromJsonAsync<JsonObject>())!["incident"]));
            response.Dispose();
        }

        var incident = Assert.Single(await bot.IncidentsAsync("all"));
        Assert.Single(incident!["timeline"]!.AsArray(), e => IncidentBot.Text(e!["action"]) == "opened");
        Assert.Equal(notices + 1, await bot.NoticeCountAsync());
    }

    private static JsonObject Run(string pipeline, string runId, string state, long? records = null, long? dropped = null, string? error = null)
    {
        var run = new JsonObject { ["pipeline"] = pipeline, ["runId"] = runId, ["state"] = state, ["logicalDate"] = "2026-11-22" };
        if (records is { } r)
        {
            run["records"] = r;
        }

        if (dropped is { } d)
        {
            run["dropped"] = d;
        }

        if (error is not null)
        {
            run["error"] = error;
        }

        return run;
    }

    /// <summary>The alert's JSON padded with trailing whitespace (still the same JSON) to exactly <paramref name="length"/> bytes.</summary>
    private static byte[] Padded(JsonObject alert, int length)
    {
        var json = Encoding.UTF8.GetBytes(alert.ToJsonString());
        var body = new byte[length];
        json.CopyTo(body, 0);
        body.AsSpan(json.Length).Fill((byte)' ');
        return body;
    }

    /// <summary>Sends the body without a Content-Length (chunked), so only reading it can find it too large.</summary>
    private static async Task<HttpResponseMessage> PostChunkedAsync(IncidentBot bot, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/alerts", UriKind.Relative)) { Content = new StreamContent(new MemoryStream(body)) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("X-PipelineBot-Signature", IncidentBot.Sign(body));
        return await bot.Client.SendAsync(request);
    }
}
