using NodaTime;

using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;

namespace PipelineBot.Domain.Tests.Holidays;

public sealed class TurnoverTests
{
    private static readonly HolidayPlan Plan = HolidayPlan.Empty.With([
        new HolidayAssignment("Christmas Day", 2025, new LocalDate(2025, 12, 25), "a"),
        new HolidayAssignment("Easter Sunday", 2026, HolidayRule.EasterSunday(2026), "a"),
        new HolidayAssignment("Christmas Day", 2026, new LocalDate(2026, 12, 25), "b"),
        new HolidayAssignment("Christmas Day", 2029, new LocalDate(2029, 12, 25), "a"),
    ]);

    [Fact]
    public void Inherit_GivesTheReplacementTheLeaversHolidaysFromTheLeavingDateOn()
    {
        var inherited = Turnover.Inherit(Plan, "a", "r", new LocalDate(2026, 1, 1));

        Assert.Equal([2026, 2029], inherited.Select(a => a.Year));
        Assert.All(inherited, a => Assert.Equal("r", a.MemberId));
        var after = Plan.With(inherited);
        Assert.Equal("a", after.HolderOf("Christmas Day", 2025));
        Assert.Equal("b", after.HolderOf("Christmas Day", 2026));
    }

    [Fact]
    public void Free_ReturnsTheLeaversFutureHolidaysForReplanning()
    {
        var freed = Turnover.Free(Plan, "a", new LocalDate(2026, 1, 1));

        Assert.Equal(
            [new HolidayInstance("Easter Sunday", 2026, HolidayRule.EasterSunday(2026)), new HolidayInstance("Christmas Day", 2029, new LocalDate(2029, 12, 25))],
            freed);
    }

    [Fact]
    public void FreeThenReplan_HandsTheLeaversHolidaysToPeopleStillOnTheRotation()
    {
        var leaving = new LocalDate(2026, 1, 1);
        var roster = RosterTimeline.Create(new LocalDate(2020, 1, 1), ["a", "b", "c", "d"], [new MemberLeft(leaving, "a", null)]);
        var planner = new HolidayPlanner(new HolidayCalendar([new HolidayRule("Christmas Day", HolidayRuleKind.Fixed, Month: 12, Day: 25), new HolidayRule("Easter Sunday", HolidayRuleKind.Easter)]), roster);

        var result = planner.Replan(Plan, Turnover.Free(Plan, "a", leaving));

        Assert.Equal(["a"], result.Plan.Of("a").Select(h => h.MemberId));
        Assert.Equal(2, result.Added.Count);
        Assert.Equal("b", result.Plan.HolderOf("Christmas Day", 2026));
        Assert.NotEqual("b", result.Plan.HolderOf("Christmas Day", 2029));
    }
}
