namespace PipelineBot.Conversation.Tests;

public sealed class PipelineTests
{
    [Theory]
    [InlineData("status of growth pipeline", "Growth", "Jackson Long (primary), Hudson King (secondary)")]
    [InlineData("status growth", "Growth", "Jackson Long (primary), Hudson King (secondary)")]
    [InlineData("how is the aggregate profit pipeline doing", "Aggregate Profit for Investors", "Miles Lopez (primary), Hudson King (secondary)")]
    [InlineData("how's daily growth doing?", "Daily Growth for Experiments", "Jackson Long (primary), Jasmine Glancy (secondary)")]
    [InlineData("growth status", "Growth", "Jackson Long (primary)")]
    public async Task Status_without_reported_runs_gives_the_catalog_facts_and_says_no_runs_are_recorded_yet(string text, string name, string owners)
    {
        await using var bot = await Bot.StartAsync();

        var answer = await bot.AskAsync(text);

        Assert.StartsWith($"**{name}** (Airflow DAG ", answer, StringComparison.Ordinal);
        Assert.Contains("No runs recorded yet", answer, StringComparison.Ordinal);
        Assert.Contains($"Owners: {owners}", answer, StringComparison.Ordinal);
        Assert.Contains("On call: **Miles Lopez** is on call now", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_names_upstream_feeds_and_known_issues_from_the_catalog()
    {
        await using var bot = await Bot.StartAsync();
        var growth = bot.Catalog.FindPipeline("growth")!;

        var answer = await bot.AskAsync("status growth");

        Assert.Contains("Upstream: none", answer, StringComparison.Ordinal);
        Assert.Contains("Feeds: Daily Growth for Experiments", answer, StringComparison.Ordinal);
        Assert.All(growth.KnownIssues, issue => Assert.Contains($"- {issue}", answer, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("status of banana", "I don't know a pipeline called 'banana'.")]
    [InlineData("status", "Which pipeline? For example: status profit.")]
    public async Task Status_of_an_unknown_or_missing_pipeline_says_so(string text, string expected)
    {
        await using var bot = await Bot.StartAsync();

        Assert.StartsWith(expected, await bot.AskAsync(text), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("runbook profit")]
    [InlineData("Runbook for the profit pipeline")]
    [InlineData("show the profit runbook")]
    public async Task The_profit_runbook_lists_every_column_alias_of_the_no_header_procedure(string text)
    {
        await using var bot = await Bot.StartAsync();
        var procedure = bot.Catalog.FindPipeline("profit")!.StandardProcedures.Single(p => p.Items.Count > 0);

        var answer = await bot.AskAsync(text);

        Assert.StartsWith("**Runbook: Profit** (Airflow DAG profit_daily)", answer, StringComparison.Ordinal);
        Assert.Equal(15, procedure.Items.Count);
        Assert.Contains($"- {procedure.Text} In order (15): {string.Join(", ", procedure.Items)}", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runbook_names_its_known_issues_preconditions_and_contacts()
    {
        await using var bot = await Bot.StartAsync();

        var unitLevel = await bot.AskAsync("runbook unit level profit");
        var ldz = await bot.AskAsync("runbook landing zone");

        Assert.Contains("- Known issue: the pipeline fails if the sales data file is missing a header row", unitLevel, StringComparison.Ordinal);
        Assert.Contains("Contact Ray Charley (Sales) when: sales data not received by 2 days after the expected deadline.", unitLevel, StringComparison.Ordinal);
        Assert.Contains("Before each load run: etl_date_control_update_dag must have run for the load date.", ldz, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("what do I do if the sales file has no header")]
    [InlineData("What should I do when the sales file has no header row?")]
    [InlineData("sales file without a header")]
    [InlineData("runbook sales file has no header")]
    public async Task A_question_finds_the_profit_no_header_procedure_first(string text)
    {
        await using var bot = await Bot.StartAsync();
        var procedure = bot.Catalog.FindPipeline("profit")!.StandardProcedures.Single(p => p.Items.Count > 0);

        var lines = (await bot.AskAsync(text)).Split('\n');

        Assert.StartsWith("From the runbooks, for '", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"- Procedure (Profit): {procedure.Text}", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("how do I fix out of memory errors", "Enable adaptive execution using Spark 3.")]
    [InlineData("what to do about duplicated records", "Filter duplicated records.")]
    [InlineData("what if bots are in the engagement data", "If the user is determined to be a bot")]
    public async Task The_search_covers_every_pipelines_issues_and_procedures(string text, string expected)
    {
        await using var bot = await Bot.StartAsync();

        Assert.Contains(expected, (await bot.AskAsync(text)).Split('\n')[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_in_several_runbooks_is_one_result_naming_them_all()
    {
        await using var bot = await Bot.StartAsync();

        var answer = await bot.AskAsync("what do I do if sales data arrives late from the legacy servers");

        Assert.Contains("- Known issue (Unit-Level Profit for Experiments, Aggregate Profit for Investors): Occasionally sales data arrives late", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipelines_lists_the_catalog()
    {
        await using var bot = await Bot.StartAsync();

        var answer = await bot.AskAsync("pipelines");

        Assert.All(bot.Catalog.Pipelines, p => Assert.Contains($"- {p.Name} ({p.Id})", answer, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ack_of_an_unknown_incident_changes_nothing_and_says_so()
    {
        await using var bot = await Bot.StartAsync();

        Assert.Equal("There is no incident INC-12; nothing changed.", await bot.AskAsync("ack INC-12"));
    }

    [Fact]
    public async Task Rerun_without_Airflow_says_exactly_what_to_configure()
    {
        await using var bot = await Bot.StartAsync();

        var answer = await bot.AskAsync("rerun profit for 2026-11-20", "miles");

        Assert.StartsWith("Airflow is not configured", answer, StringComparison.Ordinal);
        Assert.Contains("PipelineBot:Airflow:BaseUrl", answer, StringComparison.Ordinal);
    }
}

/// <summary>The runbook's count checks on reported runs (Engagement's in appsettings.json: records above 0, dropped within the SLA, records within 20% of the median of the last 7 successful runs).</summary>
public sealed class CountCheckTests
{
    [Fact]
    public async Task A_run_far_from_the_median_opens_a_data_quality_incident_naming_the_check_and_its_numbers_and_status_shows_the_checks()
    {
        await using var bot = await Bot.StartAsync();
        for (var day = 1; day <= 7; day++)
        {
            Assert.Null((await RunAsync(bot, $"scheduled__2026-11-{day:00}", 10_000)).IncidentId);
        }

        Assert.Null((await RunAsync(bot, "scheduled__2026-11-08", 8_000)).IncidentId); // exactly 20% below: within
        var far = await RunAsync(bot, "scheduled__2026-11-09", 7_999);

        var incident = (await bot.Incidents.FindAsync(far.IncidentId!.Value, CancellationToken.None))!.Incident;
        Assert.Equal(Domain.Incidents.IncidentKind.DataQuality, incident.Kind);
        Assert.Equal(
            "Count check \"records within ±20% of the median of the last 7 successful runs\" failed: 7,999 records is 20.01% below the median of the last 7 successful runs (10000)",
            incident.Summary);
        Assert.Contains(
            "Count checks on each run: records > 0; dropped ≤ 0.1%; records within ±20% of the median of the last 7 successful runs",
            await bot.AskAsync("status engagement"), StringComparison.Ordinal);
    }

    private static Task<Infrastructure.Incidents.IntakeResult> RunAsync(Bot bot, string runId, long records) =>
        bot.Incidents.RecordRunAsync(new Infrastructure.Incidents.RunReport("engagement", runId, Infrastructure.Incidents.RunState.Succeeded, Records: records, Dropped: 0), CancellationToken.None);
}
