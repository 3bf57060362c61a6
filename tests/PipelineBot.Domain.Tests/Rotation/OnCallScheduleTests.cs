using NodaTime;
using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;

namespace PipelineBot.Domain.Tests.Rotation;

public class OnCallScheduleTests
{
    private static readonly DateTimeZone Chicago = DateTimeZoneProviders.Tzdb["America/Chicago"];
    private static readonly RosterTimeline Roster = RosterTimeline.Create(new LocalDate(2026, 1, 5), ["jasmine", "miles", "jackson", "hudson"], []);
    private static readonly HolidayAssignment Christmas = new("Christmas Day", 2026, new LocalDate(2026, 12, 25), "jackson");

    private static OnCallSchedule Schedule(params Override[] overrides) =>
        new(new ShiftCalendar(Chicago), Roster, [Christmas], overrides);

    private static Instant Local(int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(2026, month, day, hour, minute).InZoneLeniently(Chicago).ToInstant();

    private static Override Cover(long id, Instant start, Instant end, string member, int setMinute = 0) =>
        new(id, new Interval(start, end), member, "cover", "de-manager", Local(1, 1, 0, setMinute));

    [Fact]
    public void OnCall_OnAnOrdinaryDay_IsTheWeeklyRotation()
    {
        var shift = Schedule().At(Local(12, 23, 12));

        Assert.Equal(Roster.MemberFor(new LocalDate(2026, 12, 23)), shift.MemberId);
        Assert.Equal(ShiftKind.Rotation, shift.Kind);
        Assert.Null(shift.Holiday);
    }

    [Fact]
    public void OnCall_OnAHoliday_IsTheHolidayShiftOwner_FromLocalMidnightToLocalMidnight()
    {
        var schedule = Schedule();

        var shift = schedule.At(Local(12, 25, 0));

        Assert.Equal("jackson", shift.MemberId);
        Assert.Equal(ShiftKind.Holiday, shift.Kind);
        Assert.Equal("Christmas Day", shift.Holiday);
        Assert.Equal(new Interval(Local(12, 25, 0), Local(12, 26, 0)), shift.Span);
        Assert.Equal(ShiftKind.Rotation, schedule.At(Local(12, 24, 23, 59)).Kind);
        Assert.Equal(ShiftKind.Rotation, schedule.At(Local(12, 26, 0)).Kind);
    }

    [Fact]
    public void Override_BeatsTheHolidayShift_ForTheSpanItCovers()
    {
        var schedule = Schedule(Cover(1, Local(12, 25, 8), Local(12, 25, 20), "hudson"));

        Assert.Equal("jackson", schedule.At(Local(12, 25, 7, 59)).MemberId);
        Assert.Equal(ShiftKind.Override, schedule.At(Local(12, 25, 8)).Kind);
        Assert.Equal("hudson", schedule.At(Local(12, 25, 19, 59)).MemberId);
        Assert.Equal("jackson", schedule.At(Local(12, 25, 20)).MemberId);
    }

    [Fact]
    public void Overlapping_Overrides_TheLaterOneWins()
    {
        var schedule = Schedule(
            Cover(1, Local(3, 2, 0), Local(3, 4, 0), "hudson", setMinute: 1),
            Cover(2, Local(3, 3, 6), Local(3, 3, 18), "miles", setMinute: 2));

        Assert.Equal("hudson", schedule.At(Local(3, 3, 5)).MemberId);
        Assert.Equal("miles", schedule.At(Local(3, 3, 6)).MemberId);
        Assert.Equal("hudson", schedule.At(Local(3, 3, 18)).MemberId);
    }

    [Fact]
    public void Schedule_WithOverridesAcrossDaylightSaving_TilesTheRangeWithoutGapOrOverlap()
    {
        var schedule = Schedule(
            Cover(1, Local(3, 7, 22), Local(3, 9, 3), "hudson"),
            Cover(2, Local(10, 31, 12), Local(11, 1, 1, 30), "miles"));

        foreach (var (from, to) in new[] { (new LocalDate(2026, 3, 1), new LocalDate(2026, 3, 14)), (new LocalDate(2026, 10, 25), new LocalDate(2026, 11, 7)) })
        {
            var shifts = schedule.Between(from, to).ToList();

            Assert.Equal(Chicago.AtStartOfDay(from).ToInstant(), shifts[0].Span.Start);
            Assert.Equal(Chicago.AtStartOfDay(to.PlusDays(1)).ToInstant(), shifts[^1].Span.End);
            Assert.All(shifts.Zip(shifts.Skip(1)), pair => Assert.Equal(pair.First.Span.End, pair.Second.Span.Start));
            Assert.All(shifts, s => Assert.True(s.Span.Duration > Duration.Zero));
        }
    }

    [Fact]
    public void At_AgreesWithTheScheduleEveryHourAroundBothTransitions()
    {
        var schedule = Schedule(Cover(1, Local(11, 1, 1), Local(11, 1, 3), "hudson"));
        var shifts = schedule.Between(new LocalDate(2026, 10, 31), new LocalDate(2026, 11, 2)).ToList();

        for (var instant = shifts[0].Span.Start; instant < shifts[^1].Span.End; instant += Duration.FromMinutes(30))
        {
            Assert.Equal(shifts.Single(s => s.Span.Contains(instant)), schedule.At(instant));
        }
    }
}
