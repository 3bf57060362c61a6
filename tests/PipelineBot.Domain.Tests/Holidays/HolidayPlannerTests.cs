using NodaTime;

using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;

namespace PipelineBot.Domain.Tests.Holidays;

public sealed class HolidayPlannerTests
{
    private static readonly LocalDate Start = new(2020, 1, 1);
    private static readonly HolidayRule ChristmasRule = new("Christmas Day", HolidayRuleKind.Fixed, Month: 12, Day: 25);
    private static readonly HolidayRule EasterRule = new("Easter Sunday", HolidayRuleKind.Easter);
    private static readonly HolidayCalendar ChristmasOnly = new([ChristmasRule]);

    private static RosterTimeline Roster(params string[] members) => RosterTimeline.Create(Start, members, []);

    private static HolidayAssignment Christmas(int year, string member) => new("Christmas Day", year, new LocalDate(year, 12, 25), member);

    private static HolidayAssignment Easter(int year, string member) => new("Easter Sunday", year, HolidayRule.EasterSunday(year), member);

    private static string[] ChristmasHolders(HolidayPlan plan, int from, int through) =>
        [.. Enumerable.Range(from, through - from + 1).Select(y => plan.HolderOf("Christmas Day", y) ?? "-")];

    [Fact]
    public void Plan_WithFourPeople_GivesChristmasToEachInTurn()
    {
        var result = new HolidayPlanner(ChristmasOnly, Roster("a", "b", "c", "d")).Plan(HolidayPlan.Empty, 2024, 2031);

        Assert.Equal(["a", "b", "c", "d", "a", "b", "c", "d"], ChristmasHolders(result.Plan, 2024, 2031));
        Assert.Empty(result.Problems);
        Assert.Equal(8, result.Added.Count);
    }

    [Fact]
    public void Plan_WithThreePeople_LeavesChristmasOpenAndSaysWhy()
    {
        var names = new Dictionary<string, string> { ["jackson"] = "Jackson", ["miles"] = "Miles", ["jasmine"] = "Jasmine" };
        var planner = new HolidayPlanner(ChristmasOnly, Roster("jackson", "miles", "jasmine"), nameOf: id => names[id]);

        var result = planner.Plan(HolidayPlan.Empty, 2024, 2027);

        Assert.Equal(["jackson", "miles", "jasmine", "-"], ChristmasHolders(result.Plan, 2024, 2027));
        var problem = Assert.Single(result.Problems);
        Assert.Equal(new HolidayInstance("Christmas Day", 2027, new LocalDate(2027, 12, 25)), problem.Instance);
        Assert.Equal(
            "Christmas Day 2027 cannot be planned: only 3 people are on the rotation and the 4-year rule needs 4 (Jasmine held it in 2026, Miles in 2025, Jackson in 2024).",
            problem.Reason);
    }

    [Fact]
    public void Plan_NeverMovesAPublishedAssignment()
    {
        var published = HolidayPlan.Empty.With(Christmas(2025, "d"));

        var result = new HolidayPlanner(ChristmasOnly, Roster("a", "b", "c", "d")).Plan(published, 2024, 2027);

        Assert.Equal("d", result.Plan.HolderOf("Christmas Day", 2025));
        Assert.DoesNotContain(result.Added, a => a.Year == 2025);
        Assert.Equal(3, result.Added.Count);
    }

    [Fact]
    public void Plan_FillingAGap_RespectsRuleOneForLaterPublishedYears()
    {
        var published = HolidayPlan.Empty.With([Christmas(2024, "a"), Christmas(2026, "b"), Christmas(2027, "c"), Christmas(2028, "d")]);

        var result = new HolidayPlanner(ChristmasOnly, Roster("a", "b", "c", "d", "e")).Plan(published, 2025, 2025);

        Assert.Equal("e", result.Plan.HolderOf("Christmas Day", 2025));
    }

    [Fact]
    public void Plan_WhenLaterYearsBlockEveryone_SaysWhoHoldsThem()
    {
        var published = HolidayPlan.Empty.With([Christmas(2023, "a"), Christmas(2024, "b"), Christmas(2026, "c"), Christmas(2027, "d")]);

        var result = new HolidayPlanner(ChristmasOnly, Roster("a", "b", "c", "d")).Plan(published, 2025, 2025);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(
            "Christmas Day 2025 cannot be planned: everyone on the rotation holds Christmas Day less than 4 years before or after 2025 (d holds it in 2027, c in 2026, b held it in 2024, a in 2023).",
            problem.Reason);
    }

    [Fact]
    public void Plan_OnlyConsidersPeopleOnTheRotationOnTheHolidaysDate()
    {
        var roster = RosterTimeline.Create(Start, ["a", "b", "c", "d", "e"], [new MemberLeft(new LocalDate(2024, 6, 1), "a", null)]);

        var result = new HolidayPlanner(ChristmasOnly, roster).Plan(HolidayPlan.Empty, 2024, 2024);

        var holder = result.Plan.HolderOf("Christmas Day", 2024);
        Assert.NotNull(holder);
        Assert.NotEqual("a", holder);
        Assert.True(roster.IsActive(holder, new LocalDate(2024, 12, 25)));
    }

    [Fact]
    public void Plan_LevelsTheWholeYear_SoAnEarlyHolidayDoesNotGoToTheOnlyPersonRuleOneLeavesForALaterOne()
    {
        var midsummer = new HolidayAssignment("Midsummer", 2020, new LocalDate(2020, 6, 24), "d");
        var history = HolidayPlan.FromHistory([midsummer, Christmas(2021, "a"), Christmas(2022, "b"), Christmas(2023, "c")]);

        var result = new HolidayPlanner(new HolidayCalendar([EasterRule, ChristmasRule]), Roster("a", "b", "c", "d")).Plan(history, 2024, 2024);

        // One at a time, Easter would go to d (everyone at 1, d longest without a holiday) and Christmas, which only d may
        // take, would too: d at 3 while b and c stay at 1.
        Assert.Equal("a", result.Plan.HolderOf("Easter Sunday", 2024));
        Assert.Equal("d", result.Plan.HolderOf("Christmas Day", 2024));
    }

    [Fact]
    public void Plan_PrefersTheLeastLoadedPerson()
    {
        var history = HolidayPlan.FromHistory([Easter(2015, "a"), Easter(2016, "b")]);

        var result = new HolidayPlanner(ChristmasOnly, Roster("a", "b", "c"), ruleYears: 1).Plan(history, 2024, 2024);

        Assert.Equal("c", result.Plan.HolderOf("Christmas Day", 2024));
    }

    [Fact]
    public void Plan_OnEqualLoad_PrefersWhoeverHeldThisHolidayFewestTimes()
    {
        var history = HolidayPlan.FromHistory([Christmas(2010, "a"), Easter(2011, "b")]);

        var result = new HolidayPlanner(ChristmasOnly, Roster("a", "b"), ruleYears: 1).Plan(history, 2024, 2024);

        Assert.Equal("b", result.Plan.HolderOf("Christmas Day", 2024));
    }

    [Fact]
    public void Plan_OnEqualCounts_PrefersWhoeverHeldThisHolidayLongestAgo()
    {
        var history = HolidayPlan.FromHistory([Christmas(2015, "a"), Christmas(2012, "b")]);

        var result = new HolidayPlanner(ChristmasOnly, Roster("a", "b"), ruleYears: 1).Plan(history, 2024, 2024);

        Assert.Equal("b", result.Plan.HolderOf("Christmas Day", 2024));
    }

    [Fact]
    public void Plan_OnEqualHistoryOfThisHoliday_PrefersWhoeverHadAnyHolidayLongestAgo()
    {
        var history = HolidayPlan.FromHistory([Easter(2015, "a"), Easter(2012, "b")]);

        var result = new HolidayPlanner(ChristmasOnly, Roster("a", "b"), ruleYears: 1).Plan(history, 2024, 2024);

        Assert.Equal("b", result.Plan.HolderOf("Christmas Day", 2024));
    }

    [Fact]
    public void Plan_OnATieInEverything_FollowsRosterOrder()
    {
        var result = new HolidayPlanner(ChristmasOnly, Roster("b", "a")).Plan(HolidayPlan.Empty, 2024, 2024);

        Assert.Equal("b", result.Plan.HolderOf("Christmas Day", 2024));
    }

    [Fact]
    public void Plan_ANewcomerStartsAtTheLowestLoadInsteadOfCatchingUp()
    {
        var roster = RosterTimeline.Create(Start, ["a", "b"], [new MemberJoined(new LocalDate(2024, 1, 1), "e")]);
        var planner = new HolidayPlanner(ChristmasOnly, roster, ruleYears: 1);

        var result = planner.Plan(HolidayPlan.Empty, 2020, 2026);

        // a and b hold two each by 2024; e starts at 2 rather than 0, so e does not take 2024, 2025 and 2026 in a row.
        Assert.Equal(["a", "b", "a", "b", "e", "a", "b"], ChristmasHolders(result.Plan, 2020, 2026));
    }

    [Fact]
    public void Plan_AReplacementInheritsTheLeaversLoad()
    {
        var roster = RosterTimeline.Create(Start, ["a", "b", "c"], [new MemberLeft(new LocalDate(2024, 1, 1), "a", "r")]);
        var planner = new HolidayPlanner(ChristmasOnly, roster, ruleYears: 1);

        var result = planner.Plan(HolidayPlan.Empty, 2020, 2026);

        // a held 2020 and 2023, so r starts at 2 where b and c are at 1.
        Assert.Equal(["a", "b", "c", "a", "b", "c", "r"], ChristmasHolders(result.Plan, 2020, 2026));
    }

    [Fact]
    public void Plan_ANewcomerJoiningAsSomeoneLeavesUnreplaced_StartsAtTheLowestLoadNotTheLeavers()
    {
        var joining = new LocalDate(2024, 1, 1);
        var roster = RosterTimeline.Create(Start, ["a", "b", "c"], [new MemberLeft(joining, "c", null), new MemberJoined(joining, "e")]);
        var history = HolidayPlan.FromHistory([Easter(2015, "c"), Easter(2016, "c"), Easter(2017, "c"), Easter(2018, "c")]);

        var result = new HolidayPlanner(ChristmasOnly, roster, ruleYears: 1).Plan(history, 2020, 2024);

        // e takes c's place in the roster's order but replaces nobody, so e starts at a's and b's 2, not c's 4.
        Assert.Equal(["a", "b", "a", "b", "e"], ChristmasHolders(result.Plan, 2020, 2024));
    }

    [Fact]
    public void Plan_ImportedHistory_CountsForRuleOneAndForTheLoadOfPeopleOnTheRotation()
    {
        var history = HolidayPlan.FromHistory([Christmas(2021, "a"), Easter(2023, "b"), Easter(2022, "former"), Christmas(2022, "former")]);

        var result = new HolidayPlanner(ChristmasOnly, Roster("a", "b", "c")).Plan(history, 2024, 2025);

        Assert.Equal(["c", "b"], ChristmasHolders(result.Plan, 2024, 2025));
    }

    [Fact]
    public void Replan_GivesFreedHolidaysToOthersAndMovesNothingElse()
    {
        var roster = RosterTimeline.Create(Start, ["a", "b", "c", "d", "e"], [new MemberLeft(new LocalDate(2025, 1, 1), "a", null)]);
        var planner = new HolidayPlanner(ChristmasOnly, roster);
        var published = HolidayPlan.Empty.With([Christmas(2024, "d"), Christmas(2025, "b"), Christmas(2026, "a"), Christmas(2027, "c")]);
        var freed = new[] { new HolidayInstance("Christmas Day", 2026, new LocalDate(2026, 12, 25)) };

        var result = planner.Replan(published, freed);

        Assert.Equal(["d", "b", "e", "c"], ChristmasHolders(result.Plan, 2024, 2027));
        Assert.Empty(result.Problems);
    }
}
