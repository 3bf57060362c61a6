using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PipelineBot.Infrastructure.Incidents;

/// <summary>
/// Each second on the injected clock: fires the SLA clocks that are due, checks the latest data deadline, and moves
/// reruns on. Everything it does is stored state, so the first sweep after a start catches up on what came due while
/// the bot was down.
/// </summary>
public sealed partial class IncidentSweeper(IncidentClocks clocks, RerunService reruns, TimeProvider time, ILogger<IncidentSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var ticks = new PeriodicTimer(Period, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One bad round (a locked database, a bug in one incident) must not stop the clocks; the next tick tries again.
                LogSweepFailed(e);
            }
        }
        while (await ticks.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        await clocks.CheckDeadlineAsync(cancellationToken);
        await clocks.FireDueAsync(cancellationToken);
        await reruns.StepDueAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A sweep of incident clocks failed")]
    private partial void LogSweepFailed(Exception error);
}
