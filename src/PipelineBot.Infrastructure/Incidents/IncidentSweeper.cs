using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using PipelineBot.Infrastructure.Operations;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Incidents;

/// <summary>
/// Fires the SLA clocks when they come due, checks each data deadline, and moves reruns, backfills and rebuilds on. Instead of polling, it keeps
/// one timer armed for the earliest of those instants on the injected clock and is woken early by any committed change
/// to clocks or reruns, here or (through <see cref="StoreChanges"/>) on another instance. Everything it does is stored
/// state, so the first sweep after a start catches up at once on what came due while the bot was down.
/// </summary>
public sealed partial class IncidentSweeper(
    IncidentClocks clocks, RerunService reruns, OperationService operations, StoreChanges changes, TimeProvider time, ILogger<IncidentSweeper> logger)
    : BackgroundService
{
    /// <summary>
    /// The longest sleep with nothing due: a backstop for changes nobody announces (a second process on one SQLite file;
    /// a PostgreSQL notification lost with its connection is made good by the transport announcing everything).
    /// </summary>
    public static readonly TimeSpan LongestSleep = TimeSpan.FromSeconds(30);

    /// <summary>How soon a sweep that failed (a locked database, a bug in one incident) is tried again.</summary>
    public static readonly TimeSpan AfterFailure = TimeSpan.FromSeconds(1);

    private Instant? _deadlineAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var sleep = new LoopSleep(time, LongestSleep);
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before reading the state, so a change committed while sweeping wakes the wait below.
            var changed = changes.Next(ChangeTopics.Clocks);
            TimeSpan? due;
            try
            {
                due = await SweepAsync(stoppingToken) is { } next ? (next - Now()).ToTimeSpan() : null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One bad round must not stop the clocks.
                LogSweepFailed(e);
                due = AfterFailure;
            }

            await sleep.SleepAsync(changed, due, stoppingToken);
        }
    }

    /// <summary>Does everything due now; returns when the next thing is due (null: nothing is known to be).</summary>
    public async Task<Instant?> SweepAsync(CancellationToken cancellationToken)
    {
        if (_deadlineAt is not { } deadline || Now() >= deadline)
        {
            // The first sweep checks the latest deadline, which a restart may have missed.
            await clocks.CheckDeadlineAsync(cancellationToken);
            _deadlineAt = clocks.NextDeadline();
        }

        while (await clocks.FireDueAsync(cancellationToken) == IncidentClocks.Batch)
        {
            // A full batch: more may be due.
        }

        await reruns.StepDueAsync(cancellationToken);
        await operations.StepDueAsync(cancellationToken);
        Instant?[] due =
        [
            _deadlineAt, await clocks.NextDueAsync(cancellationToken), await reruns.NextStepAsync(cancellationToken), await operations.NextStepAsync(cancellationToken),
        ];
        return due.Min();
    }

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Error, Message = "A sweep of incident clocks failed")]
    private partial void LogSweepFailed(Exception error);
}
