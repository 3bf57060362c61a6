using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using PipelineBot.Domain.Rotation;
using PipelineBot.Domain.Sla;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Incidents;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Infrastructure.Trades;

namespace PipelineBot.Infrastructure.Rotation;

/// <summary>
/// Shift handoffs (<see cref="Handoff"/>): once a minute on <see cref="TimeProvider"/>, the incoming person gets a
/// reminder an hour before their stretch, and the team a post when it begins ("Jasmine hands over to Miles", with the
/// open incidents, the next data deadline and the pending trades). Each is claimed in the database by a key of its own
/// (<c>Handoffs</c>) in the transaction that stores its notice, so it is sent once across instances and restarts.
/// </summary>
public sealed partial class HandoffService(
    ScheduleService schedule,
    IncidentService incidents,
    TradeService trades,
    SlaPolicy sla,
    BusinessHours hours,
    IDbContextFactory<PipelineBotDbContext> dbFactory,
    WriteGate writes,
    TimeProvider time,
    ILogger<HandoffService> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        do
        {
            try
            {
                await PassAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // A failed pass (the database briefly unreachable) is tried again on the next tick; the loop lives on.
                LogFailed(logger, error);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Posts the change that began the current stretch while it is fresh, and reminds the next incoming person within the hour.</summary>
    public async Task PassAsync(CancellationToken cancellationToken)
    {
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var current = await schedule.OnCallAtAsync(now, cancellationToken);
        var before = await schedule.OnCallAtAsync(current.From - Duration.Epsilon, cancellationToken);
        if (Handoff.Began(current, before) is { } began && began.IsFresh(now))
        {
            var open = await incidents.ListAsync(openOnly: true, limit: 20, cancellationToken);
            var pending = await trades.OpenOffersAsync(cancellationToken);
            var data = Data(began);
            data["openIncidents"] = new JsonArray([.. open.Select(i => JsonValue.Create(i.Incident.Id))]);
            data["pendingTrades"] = pending.Count;
            data["nextDeadline"] = DataDeadlines.NextDeadline(now, sla, hours).ToUnixTimeTicks();
            await ClaimAsync(began, "posted", now, Journal.Team, NoticeContent.Of(NoticeKinds.Handoff, data, began.To), cancellationToken);
        }

        if (Handoff.Ending(current) is { } next && now >= next.RemindAt)
        {
            await ClaimAsync(next, "reminded", now, next.To, NoticeContent.Of(NoticeKinds.HandoffReminder, Data(next)), cancellationToken);
        }
    }

    /// <summary>
    /// True for the one caller, on any instance, that first claims <paramref name="key"/> (a step tied to the stretch
    /// beginning at <paramref name="at"/>, like a channel's own handoff work); false for every later one.
    /// </summary>
    public async Task<bool> ClaimOnceAsync(string key, Instant at, CancellationToken cancellationToken)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await TryClaimAsync(db, key, at, cancellationToken);
    }

    private static async Task<bool> TryClaimAsync(PipelineBotDbContext db, string key, Instant at, CancellationToken cancellationToken) =>
        // One statement either provider runs atomically: the first instance to get here claims the step.
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "Handoffs" ("Key", "At") VALUES ({key}, {at.ToUnixTimeTicks()}) ON CONFLICT ("Key") DO NOTHING""", cancellationToken) == 1;

    private static JsonObject Data(Handoff handoff) => new() { ["from"] = handoff.From, ["to"] = handoff.To, ["at"] = handoff.At.ToUnixTimeTicks() };

    private async Task ClaimAsync(Handoff handoff, string step, Instant now, string audience, NoticeContent notice, CancellationToken cancellationToken)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await TryClaimAsync(db, $"{handoff.At.ToUnixTimeTicks()}:{step}", handoff.At, cancellationToken))
        {
            return;
        }

        db.Notify(now, audience, notice);
        db.Audit(now, IncidentService.Bot, $"handoff-{step}", $"member:{handoff.To}", $"{handoff.From} hands over to {handoff.To} at {handoff.At}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A shift handoff pass failed; it is tried again in a minute.")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
