using NodaTime;

using PipelineBot.Domain.Sla;

using static PipelineBot.Domain.Tests.Sla.SlaTime;

namespace PipelineBot.Domain.Tests.Sla;

public sealed class DataDeadlinesTests
{
    private static readonly SlaPolicy Sla = Policy();

    // Business hours in another zone: only their days count, read in the deadline's zone (UTC).
    private static readonly BusinessHours Weekdays = Hours("America/New_York", "09:00", "17:00");

    [Fact]
    public void MondayBeforeEight_LastDeadlineIsFridayAtEight()
    {
        Assert.Equal(At("UTC", "2026-03-06 08:00"), DataDeadlines.LastDeadline(At("UTC", "2026-03-09 07:59"), Sla, Weekdays));
    }

    [Fact]
    public void MondayAtEight_LastDeadlineIsMondayAtEight()
    {
        var monday = At("UTC", "2026-03-09 08:00");

        Assert.Equal(monday, DataDeadlines.LastDeadline(monday, Sla, Weekdays));
        Assert.Equal(At("UTC", "2026-03-10 08:00"), DataDeadlines.NextDeadline(monday, Sla, Weekdays));
        Assert.Equal(new LocalDate(2026, 3, 9), DataDeadlines.BusinessDayOf(monday, Sla));
    }

    [Fact]
    public void Weekend_HasNoDeadlines_LastIsFridayAndNextIsMonday()
    {
        foreach (var now in new[] { "2026-03-06 08:01", "2026-03-07 08:00", "2026-03-08 23:59" })
        {
            Assert.Equal(At("UTC", "2026-03-06 08:00"), DataDeadlines.LastDeadline(At("UTC", now), Sla, Weekdays));
            Assert.Equal(At("UTC", "2026-03-09 08:00"), DataDeadlines.NextDeadline(At("UTC", now), Sla, Weekdays));
        }
    }

    [Fact]
    public void WeeklyDeadline_IsFoundSevenDaysBack_AndNoFurther()
    {
        var mondays = Hours("UTC", "09:00", "17:00", IsoDayOfWeek.Monday);

        Assert.Equal(At("UTC", "2026-03-02 08:00"), DataDeadlines.LastDeadline(At("UTC", "2026-03-09 07:59"), Sla, mondays));
        Assert.Null(DataDeadlines.LastDeadline(At("UTC", "2026-03-09 07:59"), Sla, mondays with { Days = new HashSet<IsoDayOfWeek>() }));
    }

    [Fact]
    public void Deadline_InASkippedHour_FallsOnTheFirstInstantAfterTheGap()
    {
        // Berlin jumps from 02:00 to 03:00 on Sunday 2026-03-29: "data by 02:30" has come due at 03:00.
        var sla = Policy("02:30", "Europe/Berlin");
        var sundays = Hours("UTC", "09:00", "17:00", IsoDayOfWeek.Sunday);
        var deadline = DataDeadlines.NextDeadline(At("UTC", "2026-03-28 12:00"), sla, sundays);

        Assert.Equal(At("Europe/Berlin", "2026-03-29 03:00"), deadline);
        Assert.Equal(new LocalDate(2026, 3, 29), DataDeadlines.BusinessDayOf(deadline, sla));
    }

    [Fact]
    public void Deadline_InARepeatedHour_FallsOnItsEarlierShowing()
    {
        var sla = Policy("02:30", "Europe/Berlin");
        var sundays = Hours("UTC", "09:00", "17:00", IsoDayOfWeek.Sunday);

        Assert.Equal(AtOffset("2026-10-25 02:30 +02"), DataDeadlines.NextDeadline(At("UTC", "2026-10-24 12:00"), sla, sundays));
    }

    [Fact]
    public void Deadline_AtASkippedMidnight_FallsAtTheEndOfTheGap_OnItsOwnDay()
    {
        // Santiago jumped from 00:00 to 01:00 on Sunday 2022-09-11.
        var sla = Policy("00:00", "America/Santiago");
        var sundays = Hours("UTC", "09:00", "17:00", IsoDayOfWeek.Sunday);
        var deadline = DataDeadlines.NextDeadline(At("UTC", "2022-09-10 12:00"), sla, sundays);

        Assert.Equal(At("America/Santiago", "2022-09-11 01:00"), deadline);
        Assert.Equal(new LocalDate(2022, 9, 11), DataDeadlines.BusinessDayOf(deadline, sla));
    }

    [Fact]
    public void Deadline_OnADayTheZoneSkipped_FallsOnTheNextDate_ButBelongsToTheSkippedDay()
    {
        // Samoa skipped Friday 2011-12-30 entirely: Thursday 24:00 was followed by Saturday 00:00.
        var sla = Policy("08:00", "Pacific/Apia");
        var fridays = Hours("UTC", "09:00", "17:00", IsoDayOfWeek.Friday);
        var deadline = DataDeadlines.NextDeadline(At("Pacific/Apia", "2011-12-29 12:00"), sla, fridays);

        Assert.Equal(At("Pacific/Apia", "2011-12-31 00:00"), deadline);
        Assert.Equal(new LocalDate(2011, 12, 30), DataDeadlines.BusinessDayOf(deadline, sla));
    }

    [Fact]
    public void NoBusinessDays_HaveNoNextDeadline()
    {
        Assert.Throws<InvalidOperationException>(() =>
            DataDeadlines.NextDeadline(At("UTC", "2026-03-09 07:59"), Sla, Weekdays with { Days = new HashSet<IsoDayOfWeek>() }));
    }
}
