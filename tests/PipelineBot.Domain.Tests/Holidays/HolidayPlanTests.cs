using NodaTime;

using PipelineBot.Domain.Holidays;

namespace PipelineBot.Domain.Tests.Holidays;

public sealed class HolidayPlanTests
{
    private static HolidayAssignment Christmas(int year, string member) => new("Christmas Day", year, new LocalDate(year, 12, 25), member);

    [Fact]
    public void HolderOf_IgnoresTheCaseOfTheHolidayName()
    {
        var plan = HolidayPlan.Empty.With(Christmas(2026, "jasmine"));

        Assert.Equal("jasmine", plan.HolderOf("CHRISTMAS DAY", 2026));
        Assert.Null(plan.HolderOf("Christmas Day", 2027));
    }

    [Fact]
    public void On_FindsTheAssignmentOfADate()
    {
        var plan = HolidayPlan.Empty.With(Christmas(2026, "jasmine"));

        Assert.Equal("jasmine", plan.On(new LocalDate(2026, 12, 25))?.MemberId);
        Assert.Null(plan.On(new LocalDate(2026, 12, 24)));
    }

    [Fact]
    public void Of_ListsAMembersHolidaysInDateOrder()
    {
        var plan = HolidayPlan.Empty.With([Christmas(2027, "miles"), Christmas(2025, "miles"), Christmas(2026, "jasmine")]);

        Assert.Equal([2025, 2027], plan.Of("miles").Select(a => a.Year));
    }

    [Fact]
    public void With_ReplacesTheSlotHolderAndLeavesTheOriginalPlanAlone()
    {
        var before = HolidayPlan.Empty.With(Christmas(2026, "jasmine"));

        var after = before.With(Christmas(2026, "miles") with { Holiday = "christmas day" });

        Assert.Equal("jasmine", before.HolderOf("Christmas Day", 2026));
        Assert.Equal("miles", after.HolderOf("Christmas Day", 2026));
        Assert.Equal(1, after.Count);
        Assert.Equal("miles", after.On(new LocalDate(2026, 12, 25))?.MemberId);
    }

    [Fact]
    public void With_TwoHolidaysOnOneDate_IsRefused()
    {
        var plan = HolidayPlan.Empty.With(Christmas(2026, "jasmine"));

        Assert.Throws<ArgumentException>(() => plan.With(Christmas(2026, "miles") with { Holiday = "Feast" }));
    }

    [Fact]
    public void Without_FreesTheSlotAndItsDate()
    {
        var plan = HolidayPlan.Empty.With(Christmas(2026, "jasmine")).Without("christmas day", 2026);

        Assert.Null(plan.HolderOf("Christmas Day", 2026));
        Assert.Null(plan.On(new LocalDate(2026, 12, 25)));
    }

    [Theory]
    [InlineData(2023, true)]
    [InlineData(2029, true)]
    [InlineData(2022, false)]
    [InlineData(2030, false)]
    public void ViolatesFourYearRule_LooksThreeYearsEitherSide(int heldYear, bool violates)
    {
        var plan = HolidayPlan.Empty.With(Christmas(heldYear, "jasmine"));

        Assert.Equal(violates, plan.ViolatesFourYearRule("jasmine", "CHRISTMAS DAY", 2026, 4));
        Assert.False(plan.ViolatesFourYearRule("miles", "Christmas Day", 2026, 4));
    }

    [Fact]
    public void ViolatesFourYearRule_IgnoresTheSlotItself()
    {
        var plan = HolidayPlan.Empty.With(Christmas(2026, "jasmine"));

        Assert.False(plan.ViolatesFourYearRule("jasmine", "Christmas Day", 2026, 4));
    }

    [Fact]
    public void FromHistory_KeepsFormerStaffSoRuleOneSeesThem()
    {
        var plan = HolidayPlan.FromHistory([Christmas(2024, "former-colleague")]);

        Assert.True(plan.ViolatesFourYearRule("former-colleague", "Christmas Day", 2027, 4));
    }
}
