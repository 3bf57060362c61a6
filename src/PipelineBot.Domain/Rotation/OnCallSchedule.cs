using NodaTime;
using PipelineBot.Domain.Holidays;

namespace PipelineBot.Domain.Rotation;

/// <summary>
/// Who is on call when: an override if one covers the instant, else the holder of the holiday shift on a holiday, else
/// the weekly rotation (PRODUCT §2). A snapshot: built from the roster, the published holiday plan and the overrides at
/// one moment, and never changed after.
/// </summary>
public sealed class OnCallSchedule
{
    private readonly ShiftCalendar _calendar;
    private readonly RosterTimeline _roster;
    private readonly Dictionary<LocalDate, HolidayAssignment> _holidays;
    private readonly Override[] _overrides;

    public OnCallSchedule(ShiftCalendar calendar, RosterTimeline roster, IEnumerable<HolidayAssignment> holidays, IEnumerable<Override> overrides)
    {
        _calendar = calendar;
        _roster = roster;
        _holidays = holidays.ToDictionary(h => h.Date);

        // Laid on in the order they were set, so where two overlap the newest decision is the one in force.
        _overrides = [.. overrides.OrderBy(o => o.SetAt).ThenBy(o => o.Id)];
    }

    /// <summary>The shift in force at an instant: the part of the day's shift that an override carves out, if any.</summary>
    public Shift At(Instant instant)
    {
        var date = _calendar.DateOf(instant);
        if (_overrides.Length == 0)
        {
            return PlannedShift(date);
        }

        foreach (var shift in ShiftsOn(date))
        {
            if (shift.Span.Contains(instant))
            {
                return shift;
            }
        }

        throw new InvalidOperationException("The shifts of a day always tile it.");
    }

    /// <summary>
    /// Who is on call at an instant, from when and until when they hold it without a break, and who comes next. A
    /// stretch is followed at most <see cref="LongestStretchDays"/> days each way: a roster of one never ends.
    /// </summary>
    public OnCall OnCallAt(Instant instant)
    {
        var shift = At(instant);
        var member = shift.MemberId;
        var from = shift.Span.Start;
        foreach (var earlier in Before(shift))
        {
            if (earlier.MemberId != member)
            {
                break;
            }

            from = earlier.Span.Start;
        }

        var until = shift.Span.End;
        Shift? next = null;
        foreach (var later in Between(shift.Date, shift.Date.PlusDays(LongestStretchDays)).Where(s => s.Span.Start >= shift.Span.End))
        {
            if (next is null && later.MemberId == member)
            {
                until = later.Span.End;
                continue;
            }

            if (next is null)
            {
                next = later;
                continue;
            }

            if (later.MemberId != next.MemberId)
            {
                break;
            }

            next = next with { Span = new Interval(next.Span.Start, later.Span.End) };
        }

        return new OnCall(shift, from, until, next is null ? null : Duty.Of(next));
    }

    /// <summary>How far, in days, <see cref="OnCallAt"/> follows one person's stretch each way.</summary>
    public const int LongestStretchDays = 62;

    /// <summary>The shifts before <paramref name="current"/>, newest first.</summary>
    private IEnumerable<Shift> Before(Shift current)
    {
        for (var day = current.Date; day >= current.Date.PlusDays(-LongestStretchDays); day = day.PlusDays(-1))
        {
            foreach (var shift in ShiftsOn(day).Reverse().Where(s => s.Span.End <= current.Span.Start))
            {
                yield return shift;
            }
        }
    }

    /// <summary>The shifts from the start of <paramref name="from"/> to the end of <paramref name="to"/>, tiling that time with no gap or overlap.</summary>
    public IEnumerable<Shift> Between(LocalDate from, LocalDate to)
    {
        for (var date = from; date <= to; date = date.PlusDays(1))
        {
            foreach (var shift in ShiftsOn(date))
            {
                yield return shift;
            }
        }
    }

    /// <summary>The shift the rotation and the holiday plan give a date, before overrides.</summary>
    public Shift PlannedShift(LocalDate date) =>
        _holidays.TryGetValue(date, out var holiday)
            ? new Shift(_calendar.SpanOf(date), date, holiday.MemberId, ShiftKind.Holiday, holiday.Holiday)
            : new Shift(_calendar.SpanOf(date), date, _roster.MemberFor(date), ShiftKind.Rotation, null);

    /// <summary>The day's planned shift, cut where overrides cover parts of it.</summary>
    public IReadOnlyList<Shift> ShiftsOn(LocalDate date)
    {
        var planned = PlannedShift(date);
        var day = planned.Span;
        var pieces = new List<Shift> { planned };
        foreach (var cover in _overrides)
        {
            if (cover.Span.Start >= day.End || cover.Span.End <= day.Start)
            {
                continue;
            }

            // Each override cuts what lies beneath it.
            pieces = [.. pieces.SelectMany(p => Cut(p, cover))];
        }

        return pieces;
    }

    private static IEnumerable<Shift> Cut(Shift piece, Override cover)
    {
        var start = Instant.Max(piece.Span.Start, cover.Span.Start);
        var end = Instant.Min(piece.Span.End, cover.Span.End);
        if (start >= end)
        {
            yield return piece;
            yield break;
        }

        if (piece.Span.Start < start)
        {
            yield return piece with { Span = new Interval(piece.Span.Start, start) };
        }

        yield return piece with { Span = new Interval(start, end), MemberId = cover.MemberId, Kind = ShiftKind.Override };

        if (end < piece.Span.End)
        {
            yield return piece with { Span = new Interval(end, piece.Span.End) };
        }
    }
}
