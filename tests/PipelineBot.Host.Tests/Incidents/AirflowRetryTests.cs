using System.Net;
using System.Text.Json.Nodes;
using NodaTime;
using PipelineBot.Testing;
using PipelineBot.Testing.Airflow;

namespace PipelineBot.Host.Tests.Incidents;

/// <summary>
/// The Rerun button through a spec-checking fake Airflow 2: answered at once, carried out by the sweeper on the fake
/// clock, retried past Airflow's 503, preceded by the Canonical date-control DAG where the runbook says so, and refused
/// to people who may not rerun.
/// </summary>
public class AirflowRetryTests
{
    private const string RunId = "scheduled__2026-11-22T00:00:00+00:00";
    private const string DateControl = "etl_date_control_update_dag";
    private const string DateControlRun = "pipelinebot__rerun1__" + DateControl;
    private const string LoadDag = "marketing_mart_to_ldz";

    /// <summary>The default <c>PipelineBot:Airflow:PollInterval</c>: how long the bot waits before asking about a run again.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);

    private static readonly Instant LogicalDate = Instant.FromUtc(2026, 11, 22, 0, 0);

    [Fact]
    public async Task A_rerun_by_the_owner_is_answered_at_once_retried_after_Airflows_503_and_resolves_the_incident_when_the_run_succeeds()
    {
        await using var airflow = await FakeAirflow.StartAsync(2, new FakeTimeProvider(IncidentBot.Now));
        airflow.Seed("profit_daily", RunId, "failed", LogicalDate, ["load_sales", "transform_sales"]);
        await using var bot = await StartWithCardsAsync(airflow, "profit");
        airflow.FailNext(1, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(5));

        // Miles, the primary owner, clicks Rerun: the answer (the invoke's HTTP response) comes before any call to Airflow.
        var answer = await ClickRerunAsync(bot, "miles");
        var answered = IncidentBot.AllText(answer["value"]);
        Assert.Contains("Rerun #1 (asked by Miles Lopez", answered, StringComparison.Ordinal);
        Assert.Contains("starting in Airflow", answered, StringComparison.Ordinal);
        Assert.Empty(airflow.Requests);

        // The sweeper's next round clears the failed tasks; Airflow answers 503 with Retry-After: 5.
        bot.Server.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(() => airflow.Requests.Count == 1);
        var refusedAt = bot.Server.Time.GetUtcNow();
        await bot.PumpUntilAsync(() => airflow.Requests.Any(r => r.Status == 200));

        // The retry handler waited what Airflow asked, and no longer than until the sweeper's own next try.
        Assert.InRange(bot.Server.Time.GetUtcNow() - refusedAt, TimeSpan.FromSeconds(5), PollInterval - TimeSpan.FromSeconds(1));
        var clears = airflow.Requests.ToList();
        Assert.Equal<int>([503, 200], clears.Select(r => r.Status));
        Assert.All(clears, r => Assert.Equal(("POST", "/api/v1/dags/profit_daily/clearTaskInstances"), (r.Method, r.Path)));
        Assert.Equal(clears[0].Body!.ToJsonString(), clears[1].Body!.ToJsonString());
        Assert.Equal((RunId, false, true), (IncidentBot.Text(clears[1].Body!["dag_run_id"]), clears[1].Body!["dry_run"]!.GetValue<bool>(), clears[1].Body!["only_failed"]!.GetValue<bool>()));
        Assert.Equal<string>(["load_sales", "transform_sales"], airflow.Run("profit_daily", RunId)!.ClearedTasks);

        // Airflow runs the cleared tasks to success; the next poll sees it, resolves the incident and redraws its cards.
        airflow.Finish("profit_daily", RunId, "success");
        await bot.PumpUntilAsync(async () => IncidentBot.Text((await bot.IncidentAsync("INC-1"))["state"]) == "resolved", PollInterval * 2);
        var incident = await bot.IncidentAsync("INC-1");
        Assert.Equal("pipelinebot", IncidentBot.Text(incident["resolvedBy"]));
        Assert.Contains("rerun #1 asked by Miles Lopez succeeded", IncidentBot.Text(incident["resolution"]), StringComparison.Ordinal);
        var teamsCopy = await bot.PostedCardAsync("msteams", 1);
        var slackCopy = await bot.PostedCardAsync("slack", 1);
        await bot.PumpUntilAsync(() => LastTeamsCard(bot, teamsCopy.MessageId).Contains("Resolved by PipelineBot", StringComparison.Ordinal)
            && LastSlackCard(bot, slackCopy.MessageId).Contains("Resolved by PipelineBot", StringComparison.Ordinal));
        Assert.Contains("Rerun #1 (asked by Miles Lopez", LastTeamsCard(bot, teamsCopy.MessageId), StringComparison.Ordinal);
        Assert.Contains(": succeeded.", LastTeamsCard(bot, teamsCopy.MessageId), StringComparison.Ordinal);
        Assert.Empty(airflow.Violations);
    }

    [Fact]
    public async Task A_Canonical_rerun_runs_the_date_control_DAG_for_the_load_date_first_and_the_load_only_after_it_succeeds()
    {
        await using var airflow = await FakeAirflow.StartAsync(2, new FakeTimeProvider(IncidentBot.Now));
        airflow.AddDag(DateControl);
        airflow.Seed(LoadDag, RunId, "failed", LogicalDate, ["extract_mart"]);
        await using var bot = await StartWithCardsAsync(airflow, "ldz");

        await ClickRerunAsync(bot, "sit-operator");
        await bot.PumpUntilAsync(() => airflow.Requests.Count > 0);

        var trigger = Assert.Single(airflow.Requests);
        Assert.Equal(("POST", $"/api/v1/dags/{DateControl}/dagRuns"), (trigger.Method, trigger.Path));
        Assert.Equal(DateControlRun, IncidentBot.Text(trigger.Body!["dag_run_id"]));
        Assert.Equal("""{"load_date":"2026-11-22"}""", trigger.Body!["conf"]!.ToJsonString());

        // While the date control runs, the bot polls it and leaves the load alone.
        await bot.PumpUntilAsync(() => airflow.Requests.Count(r => r.Method == "GET") == 2, PollInterval * 3);
        Assert.Equal("running", airflow.Run(DateControl, DateControlRun)!.State);
        Assert.DoesNotContain(airflow.Requests, r => r.Path.Contains(LoadDag, StringComparison.Ordinal));

        airflow.Finish(DateControl, DateControlRun, "success");
        await bot.PumpUntilAsync(() => airflow.Requests.Any(r => r.Path.Contains(LoadDag, StringComparison.Ordinal)), PollInterval * 2);

        var requests = airflow.Requests.ToList();
        var clear = requests.FindIndex(r => r.Path == $"/api/v1/dags/{LoadDag}/clearTaskInstances");
        var dateControlSucceeded = requests.FindLastIndex(r => r.Method == "GET" && r.Path.Contains(DateControl, StringComparison.Ordinal));
        Assert.True(dateControlSucceeded < clear, "the load was cleared before the date control was seen to succeed");
        Assert.Equal(RunId, IncidentBot.Text(requests[clear].Body!["dag_run_id"]));
        Assert.Equal<string>(["extract_mart"], airflow.Run(LoadDag, RunId)!.ClearedTasks);

        airflow.Finish(LoadDag, RunId, "success");
        await bot.PumpUntilAsync(async () => IncidentBot.Text((await bot.IncidentAsync("INC-1"))["state"]) == "resolved", PollInterval * 2);
        var timeline = (await bot.IncidentAsync("INC-1"))["timeline"]!.AsArray().Select(e => IncidentBot.Text(e!["action"])).ToList();
        Assert.True(timeline.IndexOf("rerun-precondition") < timeline.IndexOf("rerun-started"), string.Join(", ", timeline));
        Assert.Empty(airflow.Violations);
    }

    [Fact]
    public async Task When_the_date_control_DAG_fails_the_load_is_never_touched_and_the_card_says_why()
    {
        await using var airflow = await FakeAirflow.StartAsync(2, new FakeTimeProvider(IncidentBot.Now));
        airflow.AddDag(DateControl);
        airflow.Seed(LoadDag, RunId, "failed", LogicalDate, ["extract_mart"]);
        await using var bot = await StartWithCardsAsync(airflow, "ldz");
        var teamsCopy = await bot.PostedCardAsync("msteams", 1);

        await ClickRerunAsync(bot, "sit-operator");
        await bot.PumpUntilAsync(() => airflow.Requests.Count > 0);
        airflow.Finish(DateControl, DateControlRun, "failed");

        const string Why = "etl_date_control_update_dag failed for load date 2026-11-22, so the load was not rerun: per the runbook it must succeed first";
        await bot.PumpUntilAsync(() => LastTeamsCard(bot, teamsCopy.MessageId).Contains(Why, StringComparison.Ordinal), PollInterval * 2);

        Assert.Contains("FAILED", LastTeamsCard(bot, teamsCopy.MessageId), StringComparison.Ordinal);
        await bot.PumpUntilAsync(() => bot.AlertPosts.Any(p => IncidentBot.AllText(p.Body).Contains(Why, StringComparison.Ordinal)));
        Assert.DoesNotContain(airflow.Requests, r => r.Path.Contains(LoadDag, StringComparison.Ordinal));
        Assert.Equal("failed", airflow.Run(LoadDag, RunId)!.State);
        Assert.Equal("open", IncidentBot.Text((await bot.IncidentAsync("INC-1"))["state"]));
        Assert.Empty(airflow.Violations);
    }

    [Fact]
    public async Task A_rerun_click_by_someone_who_may_not_rerun_is_refused_with_the_reason_and_Airflow_is_never_called()
    {
        await using var airflow = await FakeAirflow.StartAsync(2, new FakeTimeProvider(IncidentBot.Now));
        airflow.Seed("profit_daily", RunId, "failed", LogicalDate, ["load_sales"]);
        await using var bot = await StartWithCardsAsync(airflow, "profit");

        await ClickRerunAsync(bot, "profit-lead");

        const string Reason = "Nothing changed: reruns of Profit are for the person on call, its owners and operators";
        await Eventually.HoldsAsync(() => bot.Connector.Activities.Any(a => a.Method == "POST" && IncidentBot.Text(a.Body?["text"])?.StartsWith(Reason, StringComparison.Ordinal) == true));
        var until = bot.Server.Time.GetUtcNow() + PollInterval * 2;
        await bot.PumpUntilAsync(() => bot.Server.Time.GetUtcNow() >= until, PollInterval * 3);
        Assert.Empty(airflow.Requests);
        var timeline = (await bot.IncidentAsync("INC-1"))["timeline"]!.AsArray();
        Assert.DoesNotContain(timeline, e => IncidentBot.Text(e!["action"])!.StartsWith("rerun", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rerun_against_an_Airflow_that_does_not_answer_says_so_after_the_first_try_and_fails_with_the_reason_when_it_gives_up()
    {
        await using var airflow = await FakeAirflow.StartAsync(2, new FakeTimeProvider(IncidentBot.Now));
        airflow.Seed("profit_daily", RunId, "failed", LogicalDate, ["load_sales"]);
        var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var nowhere = $"http://127.0.0.1:{((IPEndPoint)closed.LocalEndpoint).Port}";
        closed.Stop();
        await using var bot = await StartWithCardsAsync(airflow, "profit", $"PipelineBot:Airflow:BaseUrl={nowhere}", "PipelineBot:Airflow:GiveUpAfter=00:05:00");
        var slackCopy = await bot.PostedCardAsync("slack", 1);
        var clickedAt = bot.Server.Time.GetUtcNow();

        await ClickRerunAsync(bot, "miles");

        // After the first try (with the retry handler's own retries) the card and the alert channel say what is wrong.
        var waiting = $"Airflow at {nowhere} is not answering (Connection refused";
        await bot.PumpUntilAsync(() => LastSlackCard(bot, slackCopy.MessageId).Contains(waiting, StringComparison.Ordinal), TimeSpan.FromMinutes(2));

        Assert.Contains("retrying until", LastSlackCard(bot, slackCopy.MessageId), StringComparison.Ordinal);
        Assert.True(bot.Server.Time.GetUtcNow() - clickedAt < TimeSpan.FromMinutes(2), "told within the first try");
        // Slack links the address: <http://…>.
        var told = $"Airflow at <{nowhere}> is not answering (Connection refused";
        await bot.PumpUntilAsync(() => bot.AlertPosts.Any(p => IncidentBot.AllText(p.Body).Contains(told, StringComparison.Ordinal)));
        Assert.Single(bot.AlertPosts, p => IncidentBot.AllText(p.Body).Contains(told, StringComparison.Ordinal));

        // It keeps trying, and gives up five minutes after the first failed try: the rerun fails with the reason.
        await bot.PumpUntilAsync(() => LastSlackCard(bot, slackCopy.MessageId).Contains("FAILED", StringComparison.Ordinal), TimeSpan.FromMinutes(8));
        var card = LastSlackCard(bot, slackCopy.MessageId);
        Assert.Contains($"Airflow at {nowhere} did not answer from 2026-11-23T10:00", card, StringComparison.Ordinal);
        Assert.Contains("so the rerun gave up", card, StringComparison.Ordinal);
        Assert.InRange(bot.Server.Time.GetUtcNow() - clickedAt, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(7));
        await bot.PumpUntilAsync(() => bot.AlertPosts.Any(p => IncidentBot.AllText(p.Body).Contains("did not answer from", StringComparison.Ordinal)));
        Assert.Equal("open", IncidentBot.Text((await bot.IncidentAsync("INC-1"))["state"]));
        Assert.Empty(airflow.Requests);
    }

    /// <summary>The bot on <paramref name="airflow"/>, with Teams' alert channel chosen and an alert for <paramref name="pipeline"/>'s failed run carded in both channels.</summary>
    private static async Task<IncidentBot> StartWithCardsAsync(FakeAirflow airflow, string pipeline, params string[] settings)
    {
        var bot = await IncidentBot.StartAsync(airflow, settings);
        await bot.PostAlertsHereInTeamsAsync(IncidentBot.OnCall);
        using var alert = await bot.PostAlertAsync(IncidentBot.Alert(pipeline, RunId));
        Assert.Equal(HttpStatusCode.Created, alert.StatusCode);
        await bot.PumpUntilAsync(() => bot.AlertPosts.Count == 1 && bot.TeamsAlertPosts.Count == 1);
        return bot;
    }

    private static async Task<JsonObject> ClickRerunAsync(IncidentBot bot, string memberId)
    {
        var copy = await bot.PostedCardAsync("msteams", 1);
        var card = bot.TeamsAlertPosts[0].Body!["attachments"]![0]!["content"]!.AsObject();
        var answer = await bot.ClickInTeamsAsync(memberId, card, copy.MessageId, "Rerun");
        Assert.Equal(200, answer["statusCode"]!.GetValue<int>());
        return answer;
    }

    /// <summary>The text of the latest redraw of a Teams card, its Markdown escapes (<c>etl\_date</c>) undone.</summary>
    private static string LastTeamsCard(IncidentBot bot, string activityId) =>
        IncidentBot.Unescaped(bot.Connector.Activities.LastOrDefault(a => a.Method == "PUT" && a.RawTarget.EndsWith($"/activities/{activityId}", StringComparison.Ordinal))?.Body);

    private static string LastSlackCard(IncidentBot bot, string ts) =>
        IncidentBot.AllText(bot.Slack.Calls.LastOrDefault(c => c.Method == "chat.update" && IncidentBot.Text(c.Body["ts"]) == ts)?.Body);
}
