using NodaTime;

using PipelineBot.Domain.Holidays;

namespace PipelineBot.Domain.Trades;

public enum TradeKind
{
    /// <summary>Each side gives the other a holiday.</summary>
    Swap,

    /// <summary>The proposer gives a holiday to the counterparty, who takes it if they accept.</summary>
    HandOver,
}

public enum TradeState
{
    Open,
    Accepted,
    Declined,
    Expired,
    Withdrawn,

    /// <summary>Another accepted trade took one of its shifts first.</summary>
    Gone,
}

/// <summary>
/// An offer to trade holiday shifts. Invariant: <see cref="Requested"/> is the counterparty's holiday for a swap and null
/// for a hand-over; <see cref="ExpiresAt"/> is no later than the start of either shift.
/// </summary>
public sealed record TradeOffer(
    long Id,
    TradeKind Kind,
    string ProposerId,
    string CounterpartyId,
    HolidayInstance Offered,
    HolidayInstance? Requested,
    Instant CreatedAt,
    Instant ExpiresAt,
    TradeState State);
