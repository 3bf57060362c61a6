using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;
using PipelineBot.Domain.Trades;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Infrastructure.Trades;

/// <summary>The answer to a trade request: what happened, in words for the person who asked.</summary>
public sealed record TradeResult(bool Succeeded, string Message, TradeOffer? Offer, string? Rule = null)
{
    /// <summary>Refusals of the service itself, beside the rules of <see cref="TradeDecision"/>.</summary>
    public const string UnknownOffer = "unknown offer";
    public const string NotYours = "not yours";

    public static TradeResult Refused(string rule, string message, TradeOffer? offer = null) => new(false, message, offer, rule);
}

/// <summary>
/// Holiday shift trades: proposals, acceptance, declines, withdrawals and expiry (PRODUCT §2). Every change is stored
/// with its audit entry and the notices that tell the people involved. Acceptance is safe under concurrency: each
/// holiday row carries a version, so of two acceptances that touch the same shift exactly one is saved.
/// </summary>
public sealed class TradeService(
    IDbContextFactory<PipelineBotDbContext> dbFactory,
    Catalog catalog,
    ShiftCalendar shifts,
    RosterTimeline roster,
    HolidayCalendar holidayCalendar,
    HolidaySettings holidaySettings,
    TradeSettings tradeSettings,
    TimeProvider time)
{
    private const int MaxAttempts = 3;

    /// <summary>The key of an offer's card, so every posted copy can be redrawn when the offer changes.</summary>
    public static string CardKey(long offerId) => $"trade:{offerId}";

    /// <param name="origin">The conversation the proposal was made in, where the counterparty is mentioned if the bot cannot reach them 1:1.</param>
    public async Task<TradeResult> ProposeAsync(
        string proposerId, string counterpartyId, LocalDate offered, LocalDate? requested, CancellationToken cancellationToken, string? origin = null)
    {
        var now = Now();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plan = await LoadPlanAsync(db, cancellationToken);
        var decision = TradeRules.CheckProposal(
            proposerId, counterpartyId, offered, requested, plan, holidayCalendar, roster,
            shifts, now, tradeSettings.OfferLifetime, holidaySettings.RuleYears);
        if (!decision.Allowed)
        {
            return TradeResult.Refused(decision.Rule, decision.Reason);
        }

        var row = new TradeOfferRow
        {
            Kind = (decision.Requested is null ? TradeKind.HandOver : TradeKind.Swap).ToString(),
            ProposerId = proposerId,
            CounterpartyId = counterpartyId,
            OfferedHoliday = decision.Offered!.Name,
            OfferedYear = decision.Offered.Year,
            OfferedDate = decision.Offered.Date.ToDateOnly(),
            RequestedHoliday = decision.Requested?.Name,
            RequestedYear = decision.Requested?.Year,
            RequestedDate = decision.Requested?.Date.ToDateOnly(),
            CreatedAt = now.ToUnixTimeTicks(),
            ExpiresAt = decision.ExpiresAt!.Value.ToUnixTimeTicks(),
            State = nameof(TradeState.Open),
        };
        // The offer's id names it in the audit entry and the notice, so it is saved first, in the same transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.TradeOffers.Add(row);
        await db.SaveChangesAsync(cancellationToken);

        var offer = row.ToDomain();
        var what = Describe(offer);
        db.Audit(now, proposerId, "trade-proposed", Subject(offer), what);
        db.Notify(
            now,
            counterpartyId,
            NoticeContent.Of(NoticeKinds.TradeOffered, new JsonObject { ["offer"] = offer.Id, ["proposer"] = proposerId, ["what"] = what, ["expiresAt"] = offer.ExpiresAt.ToUnixTimeTicks() }),
            CardKey(offer.Id),
            origin);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new TradeResult(true, $"Offer #{offer.Id} sent to {Name(counterpartyId)}: {what}.", offer);
    }

    public async Task<TradeResult> AcceptAsync(long offerId, string acceptorId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AcceptOnceAsync(offerId, acceptorId, cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // Someone else changed one of the shifts or the offer first: read again, and the rules decide anew.
            }
        }
    }

    public Task<TradeResult> DeclineAsync(long offerId, string memberId, CancellationToken cancellationToken) =>
        CloseAsync(offerId, memberId, TradeState.Declined, cancellationToken);

    public Task<TradeResult> WithdrawAsync(long offerId, string memberId, CancellationToken cancellationToken) =>
        CloseAsync(offerId, memberId, TradeState.Withdrawn, cancellationToken);

    /// <summary>Marks every open offer whose time has run out as expired and tells its proposer. Returns how many expired.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken)
    {
        var now = Now();
        var ticks = now.ToUnixTimeTicks();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var due = await db.TradeOffers.Where(t => t.State == nameof(TradeState.Open) && t.ExpiresAt <= ticks).ToListAsync(cancellationToken);
        foreach (var row in due)
        {
            Close(row, TradeState.Expired, now);
            var offer = row.ToDomain();
            db.Audit(now, "pipelinebot", "trade-expired", Subject(offer), Describe(offer));
            db.Notify(now, offer.ProposerId, NoticeContent.Of(NoticeKinds.TradeExpired, new JsonObject { ["offer"] = offer.Id, ["counterparty"] = offer.CounterpartyId, ["what"] = Describe(offer) }));
            db.CardChanged(now, CardKey(offer.Id));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // An acceptance or another instance closed one of them first; the next sweep sees what is left.
            return 0;
        }

        return due.Count;
    }

    public async Task<TradeOffer?> FindAsync(long offerId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await db.TradeOffers.AsNoTracking().FirstOrDefaultAsync(t => t.Id == offerId, cancellationToken))?.ToDomain();
    }

    public async Task<IReadOnlyList<TradeOffer>> OpenOffersAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.TradeOffers.AsNoTracking().Where(t => t.State == nameof(TradeState.Open)).OrderBy(t => t.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(r => r.ToDomain())];
    }

    /// <summary>Who could take the proposer's holiday shift on <paramref name="offered"/> as a hand-over, by the rules as they stand now.</summary>
    public async Task<IReadOnlyList<string>> ReceiversAsync(string proposerId, LocalDate offered, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return TradeRules.Receivers(
            proposerId, offered, await LoadPlanAsync(db, cancellationToken), holidayCalendar, roster,
            shifts, Now(), tradeSettings.OfferLifetime, holidaySettings.RuleYears);
    }

    private async Task<TradeResult> AcceptOnceAsync(long offerId, string acceptorId, CancellationToken cancellationToken)
    {
        var now = Now();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.TradeOffers.FindAsync([offerId], cancellationToken) is not { } row)
        {
            return TradeResult.Refused(TradeResult.UnknownOffer, $"There is no trade offer #{offerId}.");
        }

        var rows = await db.HolidayAssignments.ToListAsync(cancellationToken);
        var plan = HolidayPlan.FromHistory(rows.Select(r => r.ToDomain()));
        var offer = row.ToDomain();
        var decision = TradeRules.CheckAcceptance(offer, acceptorId, plan, roster, now, holidaySettings.RuleYears);
        if (!decision.Allowed)
        {
            return TradeResult.Refused(decision.Rule, decision.Reason, offer);
        }

        foreach (var assignment in TradeRules.Apply(offer))
        {
            var slot = rows.Single(r => r.IsSlot(assignment.Holiday, assignment.Year));
            slot.MemberId = assignment.MemberId;
            slot.Source = "traded";
            slot.Version++;
        }

        Close(row, TradeState.Accepted, now);
        var what = Describe(offer);
        db.Audit(now, acceptorId, "trade-accepted", Subject(offer), what);
        // The counterparty is the one accepting: the answer to their click or message tells them, so only the proposer gets a notice.
        db.Notify(now, offer.ProposerId, NoticeContent.Of(NoticeKinds.TradeAccepted, new JsonObject { ["offer"] = offer.Id, ["counterparty"] = offer.CounterpartyId, ["what"] = what }));
        db.CardChanged(now, CardKey(offer.Id));

        var open = await db.TradeOffers.Where(t => t.State == nameof(TradeState.Open) && t.Id != offerId).ToListAsync(cancellationToken);
        var gone = TradeRules.Superseded(offer, open.Select(o => o.ToDomain())).Select(o => o.Id).ToHashSet();
        foreach (var other in open.Where(o => gone.Contains(o.Id)))
        {
            Close(other, TradeState.Gone, now);
            var lost = other.ToDomain();
            var message = $"Trade offer #{lost.Id} is gone: a shift in it was traded in #{offer.Id} first ({Describe(lost)}).";
            db.Audit(now, "pipelinebot", "trade-gone", Subject(lost), message);
            var lostNotice = NoticeContent.Of(NoticeKinds.TradeGone, new JsonObject { ["offer"] = lost.Id, ["tradedIn"] = offer.Id, ["what"] = Describe(lost) });
            db.Notify(now, lost.ProposerId, lostNotice);
            db.Notify(now, lost.CounterpartyId, lostNotice);
            db.CardChanged(now, CardKey(lost.Id));
        }

        await db.SaveChangesAsync(cancellationToken);
        return new TradeResult(true, $"Trade #{offer.Id} done: {what}.", offer with { State = TradeState.Accepted });
    }

    private async Task<TradeResult> CloseAsync(long offerId, string memberId, TradeState state, CancellationToken cancellationToken)
    {
        var now = Now();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.TradeOffers.FindAsync([offerId], cancellationToken) is not { } row)
        {
            return TradeResult.Refused(TradeResult.UnknownOffer, $"There is no trade offer #{offerId}.");
        }

        var offer = row.ToDomain();
        var (allowed, verb) = state == TradeState.Declined ? (offer.CounterpartyId, "decline") : (offer.ProposerId, "withdraw");
        if (memberId != allowed)
        {
            return TradeResult.Refused(TradeResult.NotYours, $"Only {Name(allowed)} can {verb} trade offer #{offerId}.", offer);
        }

        if (offer.State != TradeState.Open)
        {
            return TradeResult.Refused(TradeDecision.NotOpen, $"Trade offer #{offerId} is already {offer.State.ToString().ToLowerInvariant()}.", offer);
        }

        Close(row, state, now);
        var what = Describe(offer);
        db.Audit(now, memberId, state == TradeState.Declined ? "trade-declined" : "trade-withdrawn", Subject(offer), what);
        var other = state == TradeState.Declined ? offer.ProposerId : offer.CounterpartyId;
        db.Notify(now, other, NoticeContent.Of(NoticeKinds.TradeClosed, new JsonObject { ["offer"] = offer.Id, ["by"] = memberId, ["declined"] = state == TradeState.Declined, ["what"] = what }));
        db.CardChanged(now, CardKey(offer.Id));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TradeResult.Refused(TradeDecision.NotOpen, $"Trade offer #{offerId} was closed a moment ago; nothing changed.", offer);
        }

        return new TradeResult(true, $"Trade offer #{offer.Id} {(state == TradeState.Declined ? "declined" : "withdrawn")}.", offer with { State = state });
    }

    private static void Close(TradeOfferRow row, TradeState state, Instant now)
    {
        row.State = state.ToString();
        row.ClosedAt = now.ToUnixTimeTicks();
        row.Version++;
    }

    private static async Task<HolidayPlan> LoadPlanAsync(PipelineBotDbContext db, CancellationToken cancellationToken) =>
        HolidayPlan.FromHistory((await db.HolidayAssignments.AsNoTracking().ToListAsync(cancellationToken)).Select(r => r.ToDomain()));

    private string Describe(TradeOffer offer) => offer.Requested is { } requested
        ? $"{Name(offer.ProposerId)}'s {offer.Offered.Name} {offer.Offered.Year} ({offer.Offered.Date:uuuu-MM-dd}) for {Name(offer.CounterpartyId)}'s {requested.Name} {requested.Year} ({requested.Date:uuuu-MM-dd})"
        : $"{Name(offer.ProposerId)} hands {offer.Offered.Name} {offer.Offered.Year} ({offer.Offered.Date:uuuu-MM-dd}) over to {Name(offer.CounterpartyId)}";

    private static string Subject(TradeOffer offer) => $"trade:{offer.Id}";

    private string Name(string memberId) => catalog.FindMember(memberId)?.Name ?? memberId;

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
