using NodaTime;

namespace PipelineBot.Domain.Sla;

/// <summary>
/// The data deadlines: <see cref="SlaPolicy.DataDeadline"/> in <see cref="SlaPolicy.DataDeadlineZone"/> on each
/// business day, a business day being a local date of that zone that
/// <see cref="BusinessHours.IsBusinessDay"/> (08:00 UTC Monday to Friday in seed 003, closed holidays skipped). Invariant: a deadline is the first instant
/// the zone's clock reads the deadline time on its day; a deadline in a daylight-saving gap falls on the first instant
/// after the gap, one in a repeated hour on its earlier showing.
/// </summary>
public static class DataDeadlines
{
    /// <summary>How many local dates <see cref="LastDeadline"/> looks back: a week holds every day of the week once.</summary>
    private const int LookBackDays = 7;

    /// <summary>How many dates <see cref="NextDeadline"/> tries: a week, and then another for a day a zone skipped.</summary>
    private const int LookAheadDays = 15;

    /// <summary>
    /// The latest deadline at or before <paramref name="now"/> on a business day no more than seven local dates before
    /// today; null when there is none. Counted in dates, not hours: a week with a daylight-saving fall-back is 169 hours.
    /// </summary>
    public static Instant? LastDeadline(Instant now, SlaPolicy sla, BusinessHours hours)
    {
        var today = now.InZone(sla.DataDeadlineZone).Date;
        var date = today;
        // Dates back to one past the look-back, as a gap across midnight can push that date's deadline into the next.
        for (var day = 0; day <= LookBackDays + 1; day++, date = date.PlusDays(-1))
        {
            if (DeadlineOn(date, sla, hours) is { } deadline && deadline <= now)
            {
                return BusinessDayOf(deadline, sla) >= today.PlusDays(-LookBackDays) ? deadline : null;
            }
        }

        return null;
    }

    /// <summary>The first deadline strictly after <paramref name="after"/>.</summary>
    /// <exception cref="InvalidOperationException">The business hours have no days.</exception>
    public static Instant NextDeadline(Instant after, SlaPolicy sla, BusinessHours hours)
    {
        var date = after.InZone(sla.DataDeadlineZone).Date;
        for (var day = 0; day < LookAheadDays; day++, date = date.PlusDays(1))
        {
            if (DeadlineOn(date, sla, hours) is { } deadline && deadline > after)
            {
                return deadline;
            }
        }

        throw new InvalidOperationException($"No data deadline in the {LookAheadDays} days after {after}: the business hours have no days.");
    }

    /// <summary>
    /// The business day a deadline from this class belongs to. Usually its local date; the day before when a gap
    /// across midnight pushed a late deadline into the next date.
    /// </summary>
    public static LocalDate BusinessDayOf(Instant deadline, SlaPolicy sla)
    {
        var local = deadline.InZone(sla.DataDeadlineZone).LocalDateTime;
        return local.TimeOfDay < sla.DataDeadline ? local.Date.PlusDays(-1) : local.Date;
    }

    /// <summary>The deadline of <paramref name="date"/>, a local date of the deadline's zone; null when it is not a business day.</summary>
    public static Instant? DeadlineOn(LocalDate date, SlaPolicy sla, BusinessHours hours) =>
        hours.IsBusinessDay(date) ? WallClock.FirstReading(sla.DataDeadlineZone, date + sla.DataDeadline) : null;
}
