using NodaTime;
using PipelineBot.Testing;
using PipelineBot.Testing.Airflow;

namespace PipelineBot.Host.Tests.Incidents;

/// <summary>
/// "logs INC-1" against the spec-checking fake Airflow of both versions: the failed try's log, its last 40 lines in a
/// code block with secrets masked, and the link to the whole log; without Airflow configured, what to set.
/// </summary>
public sealed class LogTests
{
    private const string RunId = "scheduled__2026-11-22T00:00:00+00:00";

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task The_tail_of_the_failed_tries_log_is_shown_with_secrets_masked(int version)
    {
        await using var airflow = await FakeAirflow.StartAsync(version, new FakeTimeProvider(IncidentBot.Now));
        airflow.Seed("profit_daily", RunId, "failed", Instant.FromUtc(2026, 11, 22, 0, 0), ["load_sales"]);
        var lines = Enumerable.Range(1, 50).Select(n => $"INFO - step {n}").ToList();
        lines.Add("INFO - connecting to postgresql://etl:hunter2@dw.example.com/sales with password=hunter2");
        lines.Add("INFO - calling the API with Authorization: Bearer abcdefghijklmnop1234");
        lines.Add("ERROR - ValueError: the sales file has no header row");
        airflow.SetLog("profit_daily", RunId, "load_sales", 2, string.Join('\n', lines));
        await using var bot = await IncidentBot.StartAsync(airflow);
        var alert = IncidentBot.Alert("profit", RunId);
        alert["dagId"] = "profit_daily";
        alert["taskId"] = "load_sales";
        alert["logUrl"] = "https://airflow.example.com/log?dag_id=profit_daily&task_id=load_sales";
        using (await bot.PostAlertAsync(alert))
        {
        }

        var answer = await bot.Server.AskAsync("miles", "logs INC-1");

        // Airflow 3 sends structured messages, shown with their timestamps.
        var stamp = version == 3 ? $"[{IncidentBot.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)}] " : "";

        Assert.StartsWith($"**Log of INC-1**: task load_sales, try 2, the last 40 of 53 lines, secrets masked:\n```\n{stamp}INFO - step 14\n", answer, StringComparison.Ordinal);
        Assert.Contains("postgresql://etl:***@dw.example.com/sales with password=***", answer, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer ***", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghijklmnop1234", answer, StringComparison.Ordinal);
        Assert.EndsWith($"{stamp}ERROR - ValueError: the sales file has no header row\n```\nThe whole log: https://airflow.example.com/log?dag_id=profit_daily&task_id=load_sales", answer, StringComparison.Ordinal);
        Assert.Equal(
            [$"{airflow.ApiBase}/dags/profit_daily/dagRuns/{RunId}/taskInstances/load_sales", $"{airflow.ApiBase}/dags/profit_daily/dagRuns/{RunId}/taskInstances/load_sales/logs/2"],
            airflow.Requests.Where(r => r.Path != "/auth/token").Select(r => Uri.UnescapeDataString(r.Path)));
        Assert.Empty(airflow.Violations);
    }

    [Fact]
    public async Task Without_Airflow_configured_the_answer_says_what_to_set()
    {
        await using var bot = await IncidentBot.StartAsync();
        var alert = IncidentBot.Alert("profit", RunId);
        alert["dagId"] = "profit_daily";
        alert["taskId"] = "load_sales";
        using (await bot.PostAlertAsync(alert))
        {
        }

        Assert.Equal(
            "Airflow is not configured, so I cannot read its task logs: set PipelineBot:Airflow:BaseUrl, Username, Password and ApiVersion (the README's Configuration says how).",
            await bot.Server.AskAsync("miles", "logs INC-1"));
    }

    [Fact]
    public async Task The_cards_Log_button_posts_the_tail_in_Slack_and_without_Airflow_says_what_to_set_in_Teams()
    {
        await using var airflow = await FakeAirflow.StartAsync(2, new FakeTimeProvider(IncidentBot.Now));
        airflow.Seed("profit_daily", RunId, "failed", Instant.FromUtc(2026, 11, 22, 0, 0), ["load_sales"]);
        airflow.SetLog("profit_daily", RunId, "load_sales", 1, "INFO - login with password=hunter2\nERROR - the sales file has no header row");
        await using var bot = await IncidentBot.StartAsync(airflow);
        var alert = IncidentBot.Alert("profit", RunId);
        alert["dagId"] = "profit_daily";
        alert["taskId"] = "load_sales";
        var carded = await bot.AlertCardedAsync(alert);

        using (var click = await bot.ClickInSlackAsync("miles", carded.SlackBlocks, carded.SlackCopy.MessageId, "Log"))
        {
            click.EnsureSuccessStatusCode();
        }

        var posted = IncidentBot.Unescaped((await bot.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && IncidentBot.AllText(c.Body).Contains("Log of INC-1", StringComparison.Ordinal)))[0].Body);
        Assert.Contains("password=***", posted, StringComparison.Ordinal);
        Assert.Contains("ERROR - the sales file has no header row", posted, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", posted, StringComparison.Ordinal);

        await using var unconfigured = await IncidentBot.StartAsync();
        var card = await unconfigured.AlertCardedAsync(alert);
        var answer = await unconfigured.ClickInTeamsAsync("miles", card.TeamsCard, card.TeamsCopy.MessageId, "Log");
        Assert.Contains("Airflow is not configured, so I cannot read its task logs: set PipelineBot:Airflow:BaseUrl", IncidentBot.AllText(answer), StringComparison.Ordinal);
    }
}
