using NodaTime;
using NodaTime.Text;
using PipelineBot.Domain.Rotation;

namespace PipelineBot.Domain.Tests.Rotation;

public class ShiftCalendarTests
{
    private static ShiftCalendar In(string zone) => new(DateTimeZoneProviders.Tzdb[zone]);

    private static LocalDate Date(string text) => LocalDatePattern.Iso.Parse(text).Value;

    [Theory]
    // Spring forward: the local day loses an hour.
    [InlineData("America/Chicago", "2026-03-08", 23)]
    [InlineData("Europe/London", "2026-03-29", 23)]
    [InlineData("Australia/Sydney", "2026-10-04", 23)]
    // Fall back: the local day gains an hour.
    [InlineData("America/Chicago", "2026-11-01", 25)]
    [InlineData("Europe/London", "2026-10-25", 25)]
    [InlineData("Australia/Sydney", "2026-04-05", 25)]
    // Ordinary days either side.
    [InlineData("America/Chicago", "2026-03-07", 24)]
    [InlineData("Europe/London", "2026-10-26", 24)]
    [InlineData("Australia/Sydney", "2026-10-03", 24)]
    public void Shift_OnDaylightSavingDay_RunsFromLocalMidnightToLocalMidnight(string zone, string date, int hours)
    {
        var calendar = In(zone);
        var span = calendar.SpanOf(Date(date));

        Assert.Equal(Duration.FromHours(hours), span.Duration);
        Assert.Equal(LocalTime.Midnight, span.Start.InZone(calendar.Zone).TimeOfDay);
        Assert.Equal(LocalTime.Midnight, span.End.InZone(calendar.Zone).TimeOfDay);
        Assert.Equal(Date(date), calendar.DateOf(span.Start));
        Assert.Equal(Date(date), calendar.DateOf(span.End - Duration.Epsilon));
    }

    [Theory]
    [InlineData("America/Chicago")]
    [InlineData("Europe/London")]
    [InlineData("Australia/Sydney")]
    public void Shifts_OverAYearWithBothTransitions_TileTimeWithoutGapOrOverlap(string zone)
    {
        var calendar = In(zone);
        var previous = calendar.SpanOf(Date("2025-12-31"));
        for (var date = Date("2026-01-01"); date <= Date("2026-12-31"); date = date.PlusDays(1))
        {
            var span = calendar.SpanOf(date);
            Assert.Equal(previous.End, span.Start);
            previous = span;
        }
    }

    [Fact]
    public void Shift_InZoneThatSkipsMidnight_StartsAtTheFirstInstantOfTheDay()
    {
        // Santiago moved its clocks forward at midnight on 2022-09-11: 00:00 never happened there.
        var calendar = In("America/Santiago");
        var span = calendar.SpanOf(Date("2022-09-11"));

        Assert.Equal(new LocalTime(1, 0), span.Start.InZone(calendar.Zone).TimeOfDay);
        Assert.Equal(Duration.FromHours(23), span.Duration);
    }
}
