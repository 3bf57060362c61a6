using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using PipelineBot.Domain.Rotation;
using PipelineBot.Infrastructure.Trades;

namespace PipelineBot.Infrastructure.Holidays;

/// <summary>
/// Runs the rotation's chores on the injected clock: every minute it expires trade offers whose time ran out, and each
/// new day in the team's time zone it publishes the holiday plan further (so a new year's holidays appear on Jan 1).
/// </summary>
public sealed partial class PlanMaintenanceService(
    HolidayPublisher publisher,
    TradeService trades,
    ShiftCalendar shifts,
    TimeProvider time,
    ILogger<PlanMaintenanceService> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var publishedOn = Today();
        using var timer = new PeriodicTimer(Tick, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var expired = await trades.ExpireDueAsync(stoppingToken);
                if (expired > 0)
                {
                    LogExpired(logger, expired);
                }

                if (Today() != publishedOn)
                {
                    await publisher.PublishAsync(stoppingToken);
                    publishedOn = Today();
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // A failed pass (say, the database briefly unreachable) is retried on the next tick; the loop must live on.
                LogFailed(logger, error);
            }
        }
    }

    private LocalDate Today() => shifts.DateOf(Instant.FromDateTimeOffset(time.GetUtcNow()));

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} trade offers expired.")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rotation maintenance failed; retrying on the next tick.")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
