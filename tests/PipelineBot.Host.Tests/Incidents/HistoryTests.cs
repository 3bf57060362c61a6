using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using PipelineBot.Infrastructure.Incidents;
using PipelineBot.Testing;
using PipelineBot.Testing.Airflow;

namespace PipelineBot.Host.Tests.Incidents;

/// <summary>"history profit" against the spec-checking fake Airflow: its runs joined with the run events reported to the bot.</summary>
public sealed class HistoryTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task History_joins_airflows_runs_with_the_reported_figures_newest_first(int version)
    {
        await using var airflow = await FakeAirflow.StartAsync(version, new FakeTimeProvider(IncidentBot.Now));
        airflow.Seed("profit_daily", "scheduled__2026-11-21", "success", Instant.FromUtc(2026, 11, 21, 0, 0));
        airflow.Seed("profit_daily", "scheduled__2026-11-22", "failed", Instant.FromUtc(2026, 11, 22, 0, 0), ["load_sales"]);
        await using var bot = await IncidentBot.StartAsync(airflow);
        var incidents = bot.Server.Services.GetRequiredService<IncidentService>();
        await incidents.RecordRunAsync(new RunReport("profit", "scheduled__2026-11-21", RunState.Succeeded, "2026-11-21", Instant.FromUtc(2026, 11, 22, 6, 0), 40_000, 4), CancellationToken.None);

        var answer = await bot.Server.AskAsync("miles", "history profit");

        var lines = answer.Split('\n');
        Assert.Equal("**History of Profit**: the last 2 runs, as Airflow and the run events know them:", lines[0]);
        Assert.StartsWith("- scheduled__2026-11-22: failed, for 2026-11-22", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("- scheduled__2026-11-21: success, for 2026-11-21", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("40,000 records, 4 dropped", lines[2], StringComparison.Ordinal);
        Assert.Empty(airflow.Violations);
    }
}
