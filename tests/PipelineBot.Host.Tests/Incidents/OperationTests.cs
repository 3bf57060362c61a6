using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using PipelineBot.Conversation;
using PipelineBot.Domain.Catalog;
using PipelineBot.Infrastructure.Channels;
using PipelineBot.Infrastructure.Operations;
using PipelineBot.Testing;
using PipelineBot.Testing.Airflow;

namespace PipelineBot.Host.Tests.Incidents;

/// <summary>
/// Backfills (seed 003: clear the selected dates, downstream included) and environment rebuilds (Runbook #6) against the
/// spec-checking fake Airflow of both versions: the dry run, nothing cleared before Confirm, the ranges exactly the dates
/// asked, one step after the other, and a failure stopping the sequence where it happened.
/// </summary>
public sealed class OperationTests
{
    private static readonly string[] Fast = ["PipelineBot:Airflow:PollInterval=00:00:05"];

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_backfill_shows_the_dry_run_clears_nothing_before_Confirm_then_clears_the_range_and_its_downstream_in_turn(int version)
    {
        await using var airflow = await FakeAirflow.StartAsync(version, new FakeTimeProvider(IncidentBot.Now));
        for (var day = 1; day <= 9; day++)
        {
            // Oct 31 to Nov 8: a day either side of the range asked, which must stay as it is.
            var date = new LocalDate(2026, 10, 31).PlusDays(day - 1);
            var at = date.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
            airflow.Seed("engagement_daily", $"scheduled__{date:yyyy-MM-dd}", "success", at, tasks: ["extract", "load"]);
            airflow.Seed("aggregate_engagement_daily", $"scheduled__{date:yyyy-MM-dd}", "success", at, tasks: ["aggregate"]);
        }

        airflow.AutoFinish("engagement_daily", "success");
        airflow.AutoFinish("aggregate_engagement_daily", "success");
        await using var bot = await IncidentBot.StartAsync(airflow, Fast);

        var proposed = await SayAsync(bot, "jasmine", "backfill engagement from 2026-11-01 to 2026-11-07");

        Assert.Equal("Here is what Airflow would clear (a dry run); nothing changes before you press Confirm.", proposed.Text);
        var card = IncidentBot.AllText(proposed.Card!.Data);
        Assert.Contains("Backfill #1 of Engagement, 2026-11-01 to 2026-11-07", card, StringComparison.Ordinal);
        Assert.Contains("1. engagement_daily (Engagement): to clear, 14 task instance(s) in 7 run(s)", card, StringComparison.Ordinal);
        Assert.Contains("2. aggregate_engagement_daily (Aggregate Engagement for Investors): to clear, 7 task instance(s) in 7 run(s), once step 1 has succeeded", card, StringComparison.Ordinal);
        Assert.Contains("Downstream, cleared after it as the runbook says: Aggregate Engagement for Investors.", card, StringComparison.Ordinal);
        Assert.All(Clears(airflow), c => Assert.True(c["dry_run"]!.GetValue<bool>()));
        Assert.Equal("success", airflow.Run("engagement_daily", "scheduled__2026-11-03")!.State);

        var confirmed = await ClickAsync(bot, "jasmine", "operation.confirm", new JsonObject { ["operation"] = 1 });
        Assert.StartsWith("Backfill #1 of Engagement, 2026-11-01 to 2026-11-07 confirmed by Jasmine Glancy: it starts now.", Assert.Single(confirmed.Replies).Text, StringComparison.Ordinal);

        await bot.PumpUntilAsync(async () => IncidentBot.AllText((await CardAsync(bot, 1)).Data).Contains("Done at", StringComparison.Ordinal), TimeSpan.FromMinutes(10));

        // The real clears: exactly the dates asked (whole UTC days), Engagement first, the aggregate once it was done.
        var real = Clears(airflow).Where(c => !c["dry_run"]!.GetValue<bool>()).ToList();
        Assert.Equal(
            [("engagement_daily", "2026-11-01T00:00:00Z", "2026-11-07T23:59:59Z"), ("aggregate_engagement_daily", "2026-11-01T00:00:00Z", "2026-11-07T23:59:59Z")],
            real.Select(c => (Dag(c), c["start_date"]!.GetValue<string>(), c["end_date"]!.GetValue<string>())));
        Assert.All(real, c => Assert.Equal((false, true), (c["only_failed"]!.GetValue<bool>(), c["reset_dag_runs"]!.GetValue<bool>())));
        var aggregateCleared = airflow.Requests.ToList().FindIndex(r => r.Path.Contains("aggregate_engagement_daily/clearTaskInstances", StringComparison.Ordinal) && !r.Body!["dry_run"]!.GetValue<bool>());
        var engagementFollowedToTheEnd = airflow.Requests.ToList().FindLastIndex(r => r.Method == "GET" && r.Path.Contains("engagement_daily/dagRuns/", StringComparison.Ordinal) && !r.Path.Contains("aggregate", StringComparison.Ordinal));
        Assert.True(engagementFollowedToTheEnd < aggregateCleared, "the aggregate was cleared before Engagement's runs were done");
        Assert.Equal(["extract", "load"], airflow.Run("engagement_daily", "scheduled__2026-11-01")!.ClearedTasks);
        Assert.Equal(["aggregate"], airflow.Run("aggregate_engagement_daily", "scheduled__2026-11-07")!.ClearedTasks);
        Assert.Empty(airflow.Run("engagement_daily", "scheduled__2026-10-31")!.ClearedTasks);
        Assert.Empty(airflow.Run("aggregate_engagement_daily", "scheduled__2026-11-08")!.ClearedTasks);
        Assert.Empty(airflow.Violations);

        var done = IncidentBot.AllText((await CardAsync(bot, 1)).Data);
        Assert.Contains("1. engagement_daily (Engagement): succeeded: 7 of 7 run(s) succeeded", done, StringComparison.Ordinal);
        Assert.Contains("2. aggregate_engagement_daily (Aggregate Engagement for Investors): succeeded: 7 of 7 run(s) succeeded", done, StringComparison.Ordinal);
        await bot.DeliverAllAsync();
        Assert.Contains(bot.AlertPosts, p => IncidentBot.Unescaped(p.Body).Contains(
            "Backfill #1 of Engagement succeeded: all 2 step(s) succeeded (engagement_daily, aggregate_engagement_daily).", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_backfill_is_refused_to_a_stranger_to_the_pipeline_over_a_bad_range_and_while_another_runs()
    {
        await using var airflow = await FakeAirflow.StartAsync(2, new FakeTimeProvider(IncidentBot.Now));
        airflow.Seed("engagement_daily", "scheduled__2026-11-01", "success", Instant.FromUtc(2026, 11, 1, 0, 0), tasks: ["extract"]);
        airflow.AddDag("aggregate_engagement_daily");
        await using var bot = await IncidentBot.StartAsync(airflow, Fast);

        Assert.Equal(
            "Nothing changed: backfills of Engagement are for the person on call, its owners and operators (the Service Implementation Team).",
            await bot.Server.AskAsync("profit-lead", "backfill engagement from 2026-11-01 to 2026-11-07"));
        Assert.Equal("Nothing changed: the range ends (2026-11-01) before it starts (2026-11-07).", await bot.Server.AskAsync("jasmine", "backfill engagement from 2026-11-07 to 2026-11-01"));
        Assert.Equal("Nothing changed: 2026-12-01 is in the future: a backfill clears runs that happened.", await bot.Server.AskAsync("jasmine", "backfill engagement from 2026-11-01 to 2026-12-01"));
        Assert.Equal(
            "Nothing changed: Airflow has no runs of engagement_daily with a logical date from 2026-10-01 to 2026-10-07, so there is nothing to backfill.",
            await bot.Server.AskAsync("jasmine", "backfill engagement from 2026-10-01 to 2026-10-07"));
        Assert.DoesNotContain(Clears(airflow), c => !c["dry_run"]!.GetValue<bool>());

        await SayAsync(bot, "jasmine", "backfill engagement from 2026-11-01 to 2026-11-01");
        await ClickAsync(bot, "jasmine", "operation.confirm", new JsonObject { ["operation"] = 1 });
        Assert.Equal(
            "Nothing changed: backfill #1 of Engagement is still running; one backfill of a pipeline at a time.",
            await bot.Server.AskAsync("jackson", "backfill engagement from 2026-11-01 to 2026-11-01"));
        var again = await ClickAsync(bot, "jasmine", "operation.confirm", new JsonObject { ["operation"] = 1 });
        Assert.Equal("Nothing changed: #1 is running already.", Assert.Single(again.Replies).Text);
    }

    [Fact]
    public async Task Cancel_runs_nothing()
    {
        await using var airflow = await FakeAirflow.StartAsync(3, new FakeTimeProvider(IncidentBot.Now));
        airflow.Seed("engagement_daily", "scheduled__2026-11-01", "success", Instant.FromUtc(2026, 11, 1, 0, 0), tasks: ["extract"]);
        airflow.AddDag("aggregate_engagement_daily");
        await using var bot = await IncidentBot.StartAsync(airflow, Fast);
        await SayAsync(bot, "jasmine", "backfill engagement from 2026-11-01 to 2026-11-01");

        var cancelled = await ClickAsync(bot, "jackson", "operation.cancel", new JsonObject { ["operation"] = 1 });
        bot.Server.Time.Advance(TimeSpan.FromMinutes(2));
        var stepped = await bot.Server.Services.GetRequiredService<OperationService>().StepDueAsync(CancellationToken.None);

        Assert.Equal("Backfill #1 of Engagement, 2026-11-01 to 2026-11-01 cancelled by Jackson Long; nothing was run.", Assert.Single(cancelled.Replies).Text);
        Assert.Contains("Cancelled by Jackson Long", IncidentBot.AllText(cancelled.UpdatedCard!.Data), StringComparison.Ordinal);
        Assert.DoesNotContain("operation.confirm", IncidentBot.AllText(cancelled.UpdatedCard.Data), StringComparison.Ordinal);
        Assert.Equal(0, stepped);
        Assert.DoesNotContain(Clears(airflow), c => !c["dry_run"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_rebuild_runs_the_three_setup_DAGs_in_order_on_one_card_updated_in_Teams(int version)
    {
        await using var airflow = await FakeAirflow.StartAsync(version, new FakeTimeProvider(IncidentBot.Now));
        foreach (var dag in SetupDags)
        {
            airflow.AddDag(dag);
            airflow.AutoFinish(dag, "success");
        }

        await using var bot = await IncidentBot.StartAsync(airflow, Fast);
        var (card, activityId) = await AskRebuildInTeamsAsync(bot, "sit-operator");
        Assert.Contains("Environment rebuild #1 (Runbook #6), load date 2026-11-23", IncidentBot.AllText(card), StringComparison.Ordinal);
        Assert.Empty(Triggers(airflow));

        await bot.ClickInTeamsAsync("sit-operator", card, activityId, "Confirm");
        await bot.PumpUntilAsync(() => TeamsCardUpdates(bot, activityId).Any(u => u.Contains("Done at", StringComparison.Ordinal)), TimeSpan.FromMinutes(10));

        Assert.Equal(SetupDags, Triggers(airflow).Select(Dag));
        Assert.Equal("2026-11-23", Triggers(airflow)[2]["conf"]!["load_date"]!.GetValue<string>());
        Assert.All(Triggers(airflow).Take(2), t => Assert.Empty(t["conf"]!.AsObject()));

        // Each DAG was triggered only once the one before it had succeeded.
        var requests = airflow.Requests.ToList();
        for (var i = 1; i < SetupDags.Length; i++)
        {
            var triggered = requests.FindIndex(r => r.Method == "POST" && r.Path.EndsWith($"/dags/{SetupDags[i]}/dagRuns", StringComparison.Ordinal));
            var before = requests.FindLastIndex(r => r.Method == "GET" && r.Path.Contains($"/dags/{SetupDags[i - 1]}/dagRuns/", StringComparison.Ordinal));
            Assert.True(before < triggered && airflow.Run(SetupDags[i - 1], $"pipelinebot__rebuild_1_{i}")!.State == "success");
        }

        // One card, updated step by step: the steps were seen running before the end.
        var updates = TeamsCardUpdates(bot, activityId);
        Assert.Contains(updates, u => u.Contains("2. airflow_variable_sync: running", StringComparison.Ordinal));
        Assert.Contains("3. etl_date_control_update_dag: succeeded", updates[^1], StringComparison.Ordinal);

        // Redrawn when something changed (Confirm, each start and end), not at every look at a run still going.
        Assert.InRange(updates.Count, 3, 1 + (2 * SetupDags.Length));
        Assert.Empty(airflow.Violations);
    }

    [Fact]
    public async Task A_rebuild_stops_at_the_step_that_failed_and_says_where_and_is_refused_to_members()
    {
        await using var airflow = await FakeAirflow.StartAsync(2, new FakeTimeProvider(IncidentBot.Now));
        foreach (var dag in SetupDags)
        {
            airflow.AddDag(dag);
        }

        airflow.AutoFinish("ddl_execution_dag_multidb", "success");
        airflow.AutoFinish("airflow_variable_sync", "failed");
        await using var bot = await IncidentBot.StartAsync(airflow, Fast);

        Assert.Equal(
            "Nothing changed: rebuilding the environment is for operators (the Service Implementation Team) and managers.",
            await bot.Server.AskAsync("miles", "rebuild environment"));
        Assert.StartsWith("Runbook #6", await bot.Server.AskAsync("de-manager", "rebuild the environment for 2026-11-20"), StringComparison.Ordinal);
        await ClickAsync(bot, "de-manager", "operation.confirm", new JsonObject { ["operation"] = 1 });
        await bot.PumpUntilAsync(async () => IncidentBot.AllText((await CardAsync(bot, 1)).Data).Contains("FAILED", StringComparison.Ordinal), TimeSpan.FromMinutes(10));

        var card = IncidentBot.AllText((await CardAsync(bot, 1)).Data);
        Assert.Contains("stopped at step 2; the steps after it did not run", card, StringComparison.Ordinal);
        Assert.Contains("2. airflow_variable_sync: FAILED: run pipelinebot__rebuild_1_2 of airflow_variable_sync failed; see its logs in Airflow", card, StringComparison.Ordinal);
        Assert.Contains("3. etl_date_control_update_dag: to trigger with load_date 2026-11-20, once step 2 has succeeded", card, StringComparison.Ordinal);
        Assert.Equal(["ddl_execution_dag_multidb", "airflow_variable_sync"], Triggers(airflow).Select(Dag));
        await bot.DeliverAllAsync();
        Assert.Contains(bot.AlertPosts, p => IncidentBot.Unescaped(p.Body).Contains(
            "Environment rebuild #1 failed: stopped at step 2 of 3, airflow_variable_sync: run pipelinebot__rebuild_1_2 of airflow_variable_sync failed", StringComparison.Ordinal));
    }

    private static readonly string[] SetupDags = ["ddl_execution_dag_multidb", "airflow_variable_sync", "etl_date_control_update_dag"];

    private static List<JsonObject> Clears(FakeAirflow airflow) =>
        [.. airflow.Requests.Where(r => r.Path.EndsWith("/clearTaskInstances", StringComparison.Ordinal)).Select(r => WithDag(r))];

    private static List<JsonObject> Triggers(FakeAirflow airflow) =>
        [.. airflow.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/dagRuns", StringComparison.Ordinal)).Select(r => WithDag(r))];

    /// <summary>The request's body with the DAG of its path, under <c>_dag</c>.</summary>
    private static JsonObject WithDag(AirflowRequest request)
    {
        var body = request.Body!.DeepClone().AsObject();
        body["_dag"] = request.Path.Split('/')[4];
        return body;
    }

    private static string Dag(JsonObject body) => body["_dag"]!.GetValue<string>();

    private static async Task<Say> SayAsync(IncidentBot bot, string memberId, string text) =>
        Assert.Single(await bot.Server.Services.GetRequiredService<IConversation>().HandleAsync(new Turn(Speaker(bot, memberId), Place(memberId), text), CancellationToken.None));

    private static Task<ButtonResult> ClickAsync(IncidentBot bot, string memberId, string verb, JsonObject data) =>
        bot.Server.Services.GetRequiredService<IConversation>().HandleButtonAsync(new ButtonTurn(Speaker(bot, memberId), Place(memberId), verb, data), CancellationToken.None);

    private static async Task<CardContent> CardAsync(IncidentBot bot, long id) =>
        (await bot.Server.Services.GetRequiredService<IConversation>().CardAsync($"operation:{id}", CancellationToken.None))!;

    private static Speaker Speaker(IncidentBot bot, string memberId)
    {
        var member = bot.Server.Services.GetRequiredService<Catalog>().Member(memberId);
        return new Speaker(member, member.Name, DateTimeZone.Utc);
    }

    private static ChannelConversation Place(string memberId) => new("webchat", $"dm-{memberId}", ChannelConversation.Personal, MemberId: memberId);

    /// <summary>Asks for a rebuild in the Teams channel; returns the card as posted there and the id of its activity.</summary>
    private static async Task<(JsonObject Card, string ActivityId)> AskRebuildInTeamsAsync(IncidentBot bot, string memberId)
    {
        using (var asked = await bot.TeamsMessageAsync(memberId, "rebuild environment"))
        {
            asked.EnsureSuccessStatusCode();
        }

        var directory = bot.Server.Services.GetRequiredService<ChannelDirectory>();
        IReadOnlyList<PostedCard> copies = [];
        await bot.PumpUntilAsync(async () => (copies = await directory.PostedCardsAsync("operation:1", CancellationToken.None)).Count > 0);
        var posted = Assert.Single(copies, c => c.Channel == "msteams");
        var activity = bot.Connector.Activities.Last(a => a.Method == "POST" && IncidentBot.AllText(a.Body).Contains("Environment rebuild #1", StringComparison.Ordinal));
        return (activity.Body!["attachments"]![0]!["content"]!.AsObject(), posted.MessageId);
    }

    /// <summary>The text of each redraw of the card posted as <paramref name="activityId"/> in Teams, in order.</summary>
    private static List<string> TeamsCardUpdates(IncidentBot bot, string activityId) =>
        [.. bot.Connector.Activities.Where(a => a.Method == "PUT" && a.RawTarget.EndsWith($"/activities/{activityId}", StringComparison.Ordinal)).Select(a => IncidentBot.Unescaped(a.Body))];
}
