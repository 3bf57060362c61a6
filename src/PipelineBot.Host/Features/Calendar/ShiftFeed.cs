using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Rotation;

namespace PipelineBot.Host.Features.Calendar;

/// <summary>
/// Shifts as an iCalendar feed (RFC 5545) with Ical.Net: one event per stretch a person holds without a break (a rotation
/// week, a holiday shift, an override), in the team's zone with its VTIMEZONE, so calendars place the DST days right.
/// </summary>
internal static class ShiftFeed
{
    /// <param name="memberId">Whose shifts; null for the whole team's.</param>
    public static string Write(IReadOnlyList<Shift> shifts, DateTimeZone zone, Catalog catalog, string? memberId, Instant now)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//PipelineBot//On-call rotation//EN" };
        calendar.AddProperty("X-WR-CALNAME", memberId is null ? "On call: the team" : $"On call: {catalog.Member(memberId).Name}");
        calendar.AddProperty("X-WR-TIMEZONE", zone.Id);
        if (shifts.Count > 0)
        {
            calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone.Id, shifts[0].Span.Start.ToDateTimeUtc(), includeHistoricalData: false));
        }

        var stamp = new CalDateTime(now.ToDateTimeUtc(), "UTC", hasTime: true);
        foreach (var stretch in Stretches(shifts).Where(s => memberId is null || s.MemberId == memberId))
        {
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{stretch.MemberId}-{stretch.Span.Start.ToUnixTimeSeconds()}@pipelinebot",
                DtStamp = stamp,
                DtStart = Local(stretch.Span.Start, zone),
                DtEnd = Local(stretch.Span.End, zone),
                Summary = Summary(stretch, catalog, memberId is null),

                // On call is not a meeting: the time stays free for other invitations.
                Transparency = "TRANSPARENT",
            });
        }

        // The serializer answers null only for a null calendar.
        return new CalendarSerializer(calendar).SerializeToString()!;
    }

    /// <summary>Consecutive shifts of one person of one kind (and one holiday) as one span.</summary>
    private static IEnumerable<Shift> Stretches(IReadOnlyList<Shift> shifts)
    {
        Shift? open = null;
        foreach (var shift in shifts)
        {
            if (open is not null && open.MemberId == shift.MemberId && open.Kind == shift.Kind && open.Holiday == shift.Holiday && open.Span.End == shift.Span.Start)
            {
                open = open with { Span = new Interval(open.Span.Start, shift.Span.End) };
                continue;
            }

            if (open is not null)
            {
                yield return open;
            }

            open = shift;
        }

        if (open is not null)
        {
            yield return open;
        }
    }

    private static string Summary(Shift stretch, Catalog catalog, bool named)
    {
        var what = stretch.Kind switch
        {
            ShiftKind.Holiday => $"On call ({stretch.Holiday})",
            ShiftKind.Override => "On call (override)",
            _ => "On call",
        };
        return named ? $"{what}: {catalog.Member(stretch.MemberId).Name}" : what;
    }

    private static CalDateTime Local(Instant at, DateTimeZone zone)
    {
        var local = at.InZone(zone).LocalDateTime;
        return new CalDateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second, zone.Id);
    }
}
