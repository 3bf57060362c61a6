using NodaTime;

using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;

namespace PipelineBot.Domain.Trades;

/// <summary>
/// The trading rules of PRODUCT §2: only holiday shifts trade, only between their holders, only before they start, and
/// only if rule 1 still holds for both sides afterwards. Pure: everything, the clock included, comes in as arguments.
/// </summary>
public static class TradeRules
{
    public static TradeDecision CheckProposal(
        string proposerId,
        string counterpartyId,
        LocalDate offeredDate,
        LocalDate? requestedDate,
        HolidayPlan plan,
        HolidayCalendar calendar,
        RosterTimeline roster,
        ShiftCalendar shifts,
        Instant now,
        Duration offerLifetime,
        int ruleYears = 4)
    {
        var offered = HolidayOn(calendar, offeredDate);
        if (offered is null)
        {
            return NotAHoliday(offeredDate);
        }

        HolidayInstance? requested = null;
        if (requestedDate is { } date && (requested = HolidayOn(calendar, date)) is null)
        {
            return NotAHoliday(date);
        }

        if (proposerId == counterpartyId)
        {
            return TradeDecision.Refuse(TradeDecision.SamePerson, $"{proposerId} cannot trade a holiday with themselves.");
        }

        foreach (var instance in requested is null ? [offered] : new[] { offered, requested })
        {
            var start = shifts.SpanOf(instance.Date).Start;
            if (start <= now)
            {
                return TradeDecision.Refuse(TradeDecision.Started, $"{Describe(instance)} has already started ({shifts.Format(start)}); only future holiday shifts can be traded.");
            }
        }

        if (CheckHoldersAndRules(proposerId, counterpartyId, offered, requested, plan, roster, ruleYears, TradeDecision.Ownership) is { } refusal)
        {
            return refusal;
        }

        var expiresAt = Instant.Min(now + offerLifetime, shifts.SpanOf(offered.Date).Start);
        if (requested is not null)
        {
            expiresAt = Instant.Min(expiresAt, shifts.SpanOf(requested.Date).Start);
        }

        var what = requested is null
            ? $"{proposerId} offers {Describe(offered)} to {counterpartyId}"
            : $"{proposerId} offers {Describe(offered)} to {counterpartyId} for {Describe(requested)}";
        return TradeDecision.Allow($"{what}; the offer is open until {shifts.Format(expiresAt)}.") with { Offered = offered, Requested = requested, ExpiresAt = expiresAt };
    }

    /// <summary>
    /// Everyone on the rotation to whom the proposer could hand the holiday on <paramref name="offeredDate"/> over now:
    /// what a refusal under rule 1 can suggest instead.
    /// </summary>
    public static IReadOnlyList<string> Receivers(
        string proposerId,
        LocalDate offeredDate,
        HolidayPlan plan,
        HolidayCalendar calendar,
        RosterTimeline roster,
        ShiftCalendar shifts,
        Instant now,
        Duration offerLifetime,
        int ruleYears = 4) =>
        [.. roster.EveryMember.Where(m => m != proposerId && CheckProposal(proposerId, m, offeredDate, null, plan, calendar, roster, shifts, now, offerLifetime, ruleYears).Allowed)];

    public static TradeDecision CheckAcceptance(TradeOffer offer, string acceptorId, HolidayPlan plan, RosterTimeline roster, Instant now, int ruleYears = 4)
    {
        if (acceptorId != offer.CounterpartyId)
        {
            return TradeDecision.Refuse(TradeDecision.NotYoursToAccept, $"This offer was made to {offer.CounterpartyId}; only they can accept it.");
        }

        if (offer.State != TradeState.Open)
        {
            var rule = offer.State switch
            {
                TradeState.Expired => TradeDecision.Expired,
                TradeState.Gone => TradeDecision.Gone,
                _ => TradeDecision.NotOpen,
            };
            return TradeDecision.Refuse(rule, $"This offer is {offer.State.ToString().ToLowerInvariant()}, so it can no longer be accepted.");
        }

        if (now >= offer.ExpiresAt)
        {
            return TradeDecision.Refuse(TradeDecision.Expired, $"This offer expired at {offer.ExpiresAt}.");
        }

        return CheckHoldersAndRules(offer.ProposerId, offer.CounterpartyId, offer.Offered, offer.Requested, plan, roster, ruleYears, TradeDecision.Gone)
            ?? TradeDecision.Allow($"{acceptorId} accepts: {Describe(offer.Offered)} goes to {offer.CounterpartyId}"
                + (offer.Requested is null ? "." : $" and {Describe(offer.Requested)} to {offer.ProposerId}."));
    }

    /// <summary>The assignments an accepted offer makes: the offered holiday to the counterparty, and for a swap the requested one to the proposer.</summary>
    public static IReadOnlyList<HolidayAssignment> Apply(TradeOffer offer) =>
        Assignments(offer.ProposerId, offer.CounterpartyId, offer.Offered, offer.Requested);

    /// <summary>The other open offers that involve a shift the accepted one traded: the first acceptance wins and these are gone.</summary>
    public static IEnumerable<TradeOffer> Superseded(TradeOffer accepted, IEnumerable<TradeOffer> open)
    {
        var traded = ShiftsOf(accepted).ToList();
        return open
            .Where(o => o.Id != accepted.Id && o.State == TradeState.Open && ShiftsOf(o).Any(s => traded.Exists(t => SameSlot(s, t))))
            .Select(o => o with { State = TradeState.Gone });
    }

    /// <summary>
    /// The checks a proposal and its acceptance share, because the plan can change between the two: each shift still
    /// belongs to the person offering it, each receiver is on the rotation that day, and rule 1 holds for both afterwards.
    /// </summary>
    private static TradeDecision? CheckHoldersAndRules(
        string proposerId,
        string counterpartyId,
        HolidayInstance offered,
        HolidayInstance? requested,
        HolidayPlan plan,
        RosterTimeline roster,
        int ruleYears,
        string ownershipRule)
    {
        var sides = requested is null
            ? new[] { (Giver: proposerId, Receiver: counterpartyId, Shift: offered) }
            : [(proposerId, counterpartyId, offered), (counterpartyId, proposerId, requested)];

        foreach (var (giver, _, shift) in sides)
        {
            var holder = plan.HolderOf(shift.Name, shift.Year);
            if (holder != giver)
            {
                return TradeDecision.Refuse(ownershipRule, $"{Describe(shift)} is not {giver}'s to trade; {(holder is null ? "nobody holds it" : $"{holder} holds it")}.");
            }
        }

        foreach (var (_, receiver, shift) in sides)
        {
            if (!roster.IsActive(receiver, shift.Date))
            {
                return TradeDecision.Refuse(TradeDecision.Rotation, $"{receiver} is not on the rotation on {shift.Date:uuuu-MM-dd}, so cannot take {Describe(shift)}.");
            }
        }

        var after = plan.With(Assignments(proposerId, counterpartyId, offered, requested));
        foreach (var (_, receiver, shift) in sides)
        {
            if (after.FourYearConflict(receiver, shift.Name, shift.Year, ruleYears) is { } conflict)
            {
                var verb = conflict.Year < shift.Year ? "held it in" : "holds it in";
                return TradeDecision.Refuse(
                    TradeDecision.FourYearRule,
                    $"{receiver} would get {Describe(shift)} but {verb} {conflict.Year}; nobody holds the same holiday twice within {ruleYears} years.");
            }
        }

        return null;
    }

    private static HolidayAssignment[] Assignments(string proposerId, string counterpartyId, HolidayInstance offered, HolidayInstance? requested) =>
        requested is null
            ? [Assign(offered, counterpartyId)]
            : [Assign(offered, counterpartyId), Assign(requested, proposerId)];

    private static HolidayAssignment Assign(HolidayInstance instance, string memberId) => new(instance.Name, instance.Year, instance.Date, memberId);

    private static IEnumerable<HolidayInstance> ShiftsOf(TradeOffer offer) =>
        offer.Requested is null ? [offer.Offered] : [offer.Offered, offer.Requested];

    private static bool SameSlot(HolidayInstance a, HolidayInstance b) =>
        a.Year == b.Year && string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase);

    private static HolidayInstance? HolidayOn(HolidayCalendar calendar, LocalDate date) => calendar.Between(date, date).FirstOrDefault();

    private static TradeDecision NotAHoliday(LocalDate date) =>
        TradeDecision.Refuse(TradeDecision.Policy, $"{date:uuuu-MM-dd} is not a holiday, so its shift is an assigned on-call shift and cannot be traded. \"{TradePolicy.Text}\"");

    private static string Describe(HolidayInstance instance) => $"{instance.Name} {instance.Year} ({instance.Date:uuuu-MM-dd})";
}
