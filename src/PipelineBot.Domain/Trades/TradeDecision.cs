using NodaTime;

using PipelineBot.Domain.Holidays;

namespace PipelineBot.Domain.Trades;

/// <summary>
/// Whether a trade step may go ahead. Invariant: a refusal names its <see cref="Rule"/> and a <see cref="Reason"/> a
/// person can read; an allowed proposal carries the holidays and when the offer expires.
/// </summary>
public sealed record TradeDecision(bool Allowed, string Rule, string Reason)
{
    public const string Policy = "policy";
    public const string SamePerson = "same person";
    public const string Ownership = "ownership";
    public const string Started = "started";
    public const string Rotation = "rotation";
    public const string FourYearRule = "four-year rule";
    public const string NotOpen = "not open";
    public const string Expired = "expired";
    public const string NotYoursToAccept = "not yours to accept";
    public const string Gone = "gone";

    public HolidayInstance? Offered { get; init; }

    public HolidayInstance? Requested { get; init; }

    public Instant? ExpiresAt { get; init; }

    public static TradeDecision Refuse(string rule, string reason) => new(false, rule, reason);

    public static TradeDecision Allow(string reason) => new(true, "", reason);
}
