using NodaTime;

using PipelineBot.Domain.Holidays;

namespace PipelineBot.Domain.Sla;

/// <summary>
/// The hours in which the ack clock runs. Invariant: <see cref="Start"/> comes before <see cref="End"/> on every open
/// day, where an <see cref="End"/> of <see cref="LocalTime.Midnight"/> stands for 24:00, the end of the day: an end can
/// never be the midnight that starts the day, so the value is free to mean the one that ends it.
/// </summary>
/// <remarks>
/// Each open day is one half-open window of instants, [opening, closing), found with the zone's rules by
/// <see cref="WallClock"/>: an opening or closing the clock skips (spring forward) falls on the first instant after
/// the gap, one it shows twice (fall back) on its earlier showing. So a day whose hours lie wholly in a gap has no
/// open time, and a window never leaves its own local day: one closing at 24:00 meets the next day's 00:00 opening,
/// and the clock runs on across midnight.
/// </remarks>
public sealed record BusinessHours(DateTimeZone Zone, IReadOnlySet<IsoDayOfWeek> Days, LocalTime Start, LocalTime End)
{
    /// <summary>How many days in a row may pass without open time before the hours are taken to never open (no days configured); a week, and then another for a day a zone skipped.</summary>
    private const int MaxClosedDays = 14;

    /// <summary>The holidays the team does not work (<see cref="HolidayRule.BusinessDay"/> false): closed whatever their day of week.</summary>
    public IReadOnlyList<HolidayRule> Closures { get; init; } = [];

    public bool EndsAtEndOfDay => End == LocalTime.Midnight;

    /// <summary>Open every hour of every day, so the ack clock starts the moment an alert arrives.</summary>
    public bool AlwaysOpen => Days.Count == 7 && Start == LocalTime.Midnight && EndsAtEndOfDay && Closures.Count == 0;

    /// <summary>A business day: one of <see cref="Days"/> and not a closed holiday. Data deadlines fall on these, and the review counts them.</summary>
    public bool IsBusinessDay(LocalDate date) => Days.Contains(date.DayOfWeek) && !Closures.Any(holiday => holiday.FallsOn(date));

    public bool IsOpen(Instant at) => AlwaysOpen || (WindowOn(at.InZone(Zone).Date) is { } window && window.Contains(at));

    /// <summary>When an alert at <paramref name="at"/> starts its ack clock: at once if open, else at the next opening.</summary>
    public Instant ClockStart(Instant at) => Add(at, Duration.Zero);

    /// <summary>
    /// The instant by which <paramref name="businessTime"/> of open time has passed since <paramref name="start"/>.
    /// A result that uses up a day's last open minute is that day's closing instant, not the next opening: an alert at
    /// 16:45 with 15 minutes to go under 09:00–17:00 is due at 17:00. Zero time is <see cref="ClockStart"/>.
    /// </summary>
    public Instant Add(Instant start, Duration businessTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(businessTime, Duration.Zero);
        if (AlwaysOpen)
        {
            return start + businessTime;
        }

        var at = start;
        var left = businessTime;
        while (true)
        {
            var window = NextWindow(at);
            var from = Max(at, window.Start);
            var open = window.End - from;
            if (left <= open)
            {
                return from + left;
            }

            left -= open;
            at = window.End;
        }
    }

    /// <summary>The open time between two instants, e.g. how much of an ack timeout has been used; zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public Duration OpenTimeBetween(Instant from, Instant to)
    {
        if (to <= from)
        {
            return Duration.Zero;
        }

        if (AlwaysOpen)
        {
            return to - from;
        }

        var total = Duration.Zero;
        var last = to.InZone(Zone).Date;
        for (var date = from.InZone(Zone).Date; date <= last; date = date.PlusDays(1))
        {
            if (WindowOn(date) is { } window && Min(to, window.End) > Max(from, window.Start))
            {
                total += Min(to, window.End) - Max(from, window.Start);
            }
        }

        return total;
    }

    /// <summary>The first open window that ends after <paramref name="at"/>.</summary>
    private Interval NextWindow(Instant at)
    {
        var date = at.InZone(Zone).Date;
        for (var day = 0; day <= MaxClosedDays; day++, date = date.PlusDays(1))
        {
            if (WindowOn(date) is { } window && window.End > at)
            {
                return window;
            }
        }

        throw new InvalidOperationException($"Business hours in {Zone.Id} have no open time in {MaxClosedDays} days in a row: no open days are configured.");
    }

    /// <summary>The open window of one local day, or null when the day is closed or its hours fall wholly in a gap.</summary>
    private Interval? WindowOn(LocalDate date)
    {
        if (!IsBusinessDay(date))
        {
            return null;
        }

        var opening = WallClock.FirstReading(Zone, date + Start);
        var closing = WallClock.FirstReading(Zone, EndsAtEndOfDay ? date.PlusDays(1).AtMidnight() : date + End);
        return closing > opening ? new Interval(opening, closing) : null;
    }

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;
}
