using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using PipelineBot.Domain.Rotation;
using PipelineBot.Infrastructure.Trades;

namespace PipelineBot.Infrastructure.Holidays;

/// <summary>
/// Runs the rotation's chores on the injected clock: every minute it expires trade offers whose time ran out, and each
/// new day in the team's time zone it publishes the holiday plan further (so a new year's holidays appear on Jan 1). Its
/// first pass, at start, publishes unless the start already did: publication is off the path to being ready.
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
        using var timer = new PeriodicTimer(Tick, time);
        do
        {
            try
            {
                var expired = await trades.ExpireDueAsync(stoppingToken);
                if (expired > 0)
                {
                    LogExpired(logger, expired);
                }

                if (publisher.PublishedOn != Today())
                {
                    await publisher.PublishAsync(stoppingToken);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // A failed pass (say, the database briefly unreachable) is retried on the next tick; the loop must live on.
                LogFailed(logger, error);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private LocalDate Today() => shifts.DateOf(Instant.FromDateTimeOffset(time.GetUtcNow()));

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} trade offers expired.")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rotation maintenance failed; retrying on the next tick.")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
