using NodaTime;
using NodaTime.Text;

namespace PipelineBot.Domain.Rotation;

/// <summary>
/// Maps local dates of the team's time zone to their 24-hour shifts. A shift runs from one local midnight to the next,
/// so on a daylight-saving day it is 23 or 25 hours long; where a zone skips midnight the shift starts at the first
/// instant of the day.
/// </summary>
public sealed class ShiftCalendar(DateTimeZone zone)
{
    /// <summary>
    /// The dates the schedule answers for: the years NodaTime holds but the first and the last, since a year's holidays
    /// are worked out with its neighbours' (New Year's Day observed on the Friday before it) and an answer follows a
    /// stretch on call past its end.
    /// </summary>
    public static DateInterval Dates { get; } = new(new LocalDate(2, 1, 1), new LocalDate(9998, 12, 31));

    public DateTimeZone Zone { get; } = zone;

    public Interval SpanOf(LocalDate date) => new(Zone.AtStartOfDay(date).ToInstant(), Zone.AtStartOfDay(date.PlusDays(1)).ToInstant());

    public LocalDate DateOf(Instant instant) => instant.InZone(Zone).Date;

    /// <summary>An instant as people of the team read it, with the zone named: "2026-12-25 09:30 America/Chicago".</summary>
    public string Format(Instant instant) => $"{LocalPattern.Format(instant.InZone(Zone).LocalDateTime)} {Zone.Id}";

    private static readonly LocalDateTimePattern LocalPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm");
}
