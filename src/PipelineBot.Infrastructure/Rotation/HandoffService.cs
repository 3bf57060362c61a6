using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Rotation;
using PipelineBot.Domain.Sla;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Incidents;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Infrastructure.Trades;

namespace PipelineBot.Infrastructure.Rotation;

/// <summary>How a press of "I've got it" went.</summary>
public enum HandoffConfirmation
{
    Confirmed,
    AlreadyConfirmed,

    /// <summary>The person on call does not change at that instant.</summary>
    NoHandoff,

    /// <summary>Someone other than the incoming person pressed it.</summary>
    NotYours,
}

/// <summary>
/// Shift handoffs (<see cref="Handoff"/>): once a minute on <see cref="TimeProvider"/>, the incoming person gets a
/// reminder an hour before their stretch, with an "I've got it" card; the team a post when it begins ("Jasmine hands over
/// to Miles", with the open incidents, the next data deadline and the pending trades); and the managers a word when it
/// began unconfirmed. Each step is claimed in the database by a key of its own (<c>Handoffs</c>) in the transaction that
/// stores its notice, so it is sent once across instances and restarts.
/// </summary>
public sealed partial class HandoffService(
    ScheduleService schedule,
    Catalog catalog,
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
            await ClaimAsync(began, "posted", now, [Journal.Team], NoticeContent.Of(NoticeKinds.Handoff, data, began.To), null, cancellationToken);
            if (!await IsConfirmedAsync(began.At, cancellationToken))
            {
                var managers = catalog.WithRole(Roles.Manager).Select(m => m.Id).ToList();
                await ClaimAsync(began, "unconfirmed", now, managers, NoticeContent.Of(NoticeKinds.HandoffUnconfirmed, Data(began)), null, cancellationToken);
            }
        }

        if (Handoff.Ending(current) is { } next && now >= next.RemindAt)
        {
            await ClaimAsync(next, "reminded", now, [next.To], NoticeContent.Of(NoticeKinds.HandoffReminder, Data(next)), CardKey(next.At), cancellationToken);
        }
    }

    /// <summary>The key of a handoff's card (the reminder's "I've got it").</summary>
    public static string CardKey(Instant at) => $"{CardPrefix}{at.ToUnixTimeTicks()}";

    public const string CardPrefix = "handoff:";

    /// <summary>The handoff at <paramref name="at"/> and whether its incoming person confirmed it; null when nobody takes over then.</summary>
    public async Task<(Handoff Handoff, bool Confirmed)?> FindAsync(Instant at, CancellationToken cancellationToken)
    {
        var current = await schedule.OnCallAtAsync(at, cancellationToken);
        var before = await schedule.OnCallAtAsync(at - Duration.Epsilon, cancellationToken);
        return current.From == at && Handoff.Began(current, before) is { } handoff ? (handoff, await IsConfirmedAsync(at, cancellationToken)) : null;
    }

    /// <summary>The incoming person says "I've got it"; recorded once, with an audit entry.</summary>
    public async Task<HandoffConfirmation> ConfirmAsync(Instant at, string memberId, CancellationToken cancellationToken)
    {
        if (await FindAsync(at, cancellationToken) is not { Handoff: var handoff })
        {
            return HandoffConfirmation.NoHandoff;
        }

        if (handoff.To != memberId)
        {
            return HandoffConfirmation.NotYours;
        }

        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await TryClaimAsync(db, Confirmed(at), at, cancellationToken))
        {
            return HandoffConfirmation.AlreadyConfirmed;
        }

        db.Audit(now, memberId, "handoff-confirmed", $"member:{memberId}", $"{memberId} confirmed taking over from {handoff.From} at {at}");
        db.CardChanged(now, CardKey(at));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return HandoffConfirmation.Confirmed;
    }

    private async Task<bool> IsConfirmedAsync(Instant at, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = Confirmed(at);
        return await db.Handoffs.AnyAsync(h => h.Key == key, cancellationToken);
    }

    private static string Confirmed(Instant at) => $"{at.ToUnixTimeTicks()}:confirmed";

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

    private async Task ClaimAsync(Handoff handoff, string step, Instant now, IReadOnlyList<string> audiences, NoticeContent notice, string? cardKey, CancellationToken cancellationToken)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await TryClaimAsync(db, $"{handoff.At.ToUnixTimeTicks()}:{step}", handoff.At, cancellationToken))
        {
            return;
        }

        foreach (var audience in audiences)
        {
            db.Notify(now, audience, notice, cardKey);
        }

        db.Audit(now, IncidentService.Bot, $"handoff-{step}", $"member:{handoff.To}", $"{handoff.From} hands over to {handoff.To} at {handoff.At}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A shift handoff pass failed; it is tried again in a minute.")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
