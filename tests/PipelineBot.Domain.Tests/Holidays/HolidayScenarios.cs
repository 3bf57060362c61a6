using FsCheck;
using FsCheck.Fluent;

using NodaTime;

using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;

namespace PipelineBot.Domain.Tests.Holidays;

/// <summary>A generated team and holiday calendar, with the years a property plans.</summary>
public sealed record HolidayScenario(IReadOnlyList<string> Members, HolidayCalendar Calendar, int FromYear, int ThroughYear)
{
    public RosterTimeline Roster => RosterTimeline.Create(new LocalDate(FromYear - 1, 1, 1), Members, []);

    public override string ToString() =>
        $"{Members.Count} members, {FromYear}..{ThroughYear}, rules: {string.Join("; ", Calendar.Rules)}";
}

/// <summary>Generators for the holiday properties: rosters of 4–40 people, 1–12 rules of every kind that never share a date.</summary>
public static class HolidayScenarios
{
    public const int Years = 20;

    public static Arbitrary<HolidayScenario> Any(int minMembers = 4, int maxMembers = 40) =>
        (from size in Gen.Choose(minMembers, maxMembers)
         from fromYear in Gen.Choose(2000, 2040)
         from candidates in Gen.Choose(1, 12).SelectMany(n => Gen.ListOf(Rule, n))
         select new HolidayScenario(
             [.. Enumerable.Range(0, size).Select(i => $"m{i:00}")],
             new HolidayCalendar(WithoutCollisions(candidates, fromYear, fromYear + Years - 1)),
             fromYear,
             fromYear + Years - 1)).ToArbitrary();

    public static Gen<HolidayRule> Rule =>
        from kind in Gen.Elements(Enum.GetValues<HolidayRuleKind>())
        from month in Gen.Choose(1, 12)
        from day in Gen.Choose(1, 28)
        from weekday in Gen.Choose(1, 7)
        from nth in Gen.Choose(1, 4)
        from offset in Gen.Choose(-50, 60)
        from observed in Gen.Elements(Enum.GetValues<ObservedShift>())
        select new HolidayRule("?", kind, month, day, (IsoDayOfWeek)weekday, nth, offset, observed);

    /// <summary>Keeps each candidate that lands on no date an earlier one took (the calendar's invariant), and names them.</summary>
    private static List<HolidayRule> WithoutCollisions(IEnumerable<HolidayRule> candidates, int fromYear, int throughYear)
    {
        var kept = new List<HolidayRule>();
        foreach (var candidate in candidates)
        {
            var named = candidate with { Name = $"Holiday {kept.Count}" };
            if (new HolidayCalendar([.. kept, named]).FirstCollision(fromYear - 1, throughYear + 1) is null)
            {
                kept.Add(named);
            }
        }

        return kept;
    }

    public static Config Quick(int maxTest) => Config.QuickThrowOnFailure.WithMaxTest(maxTest);

    /// <summary>Rule 1 over a whole plan: nobody holds one holiday in two years less than <paramref name="ruleYears"/> apart.</summary>
    public static void AssertFourYearRule(HolidayPlan plan, int ruleYears = 4)
    {
        foreach (var held in plan.Assignments)
        {
            Assert.False(
                plan.ViolatesFourYearRule(held.MemberId, held.Holiday, held.Year, ruleYears),
                $"{held.MemberId} holds {held.Holiday} {held.Year} and again within {ruleYears} years.");
        }
    }
}
