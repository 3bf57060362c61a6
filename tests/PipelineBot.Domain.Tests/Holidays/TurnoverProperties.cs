using FsCheck;
using FsCheck.Fluent;

using NodaTime;

using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;

namespace PipelineBot.Domain.Tests.Holidays;

public sealed class TurnoverProperties
{
    private static readonly Arbitrary<(int Leaver, int Day)> Departure =
        Gen.Zip(Gen.Choose(0, 39), Gen.Choose(0, (HolidayScenarios.Years * 365) - 1)).ToArbitrary();

    [Fact]
    public void Inherit_TheReplacementHoldsExactlyTheLeaversFutureHolidaysAndNobodyElseMoves() =>
        Check.One(HolidayScenarios.Quick(100), Prop.ForAll(HolidayScenarios.Any(), Departure, (scenario, departure) =>
        {
            var plan = new HolidayPlanner(scenario.Calendar, scenario.Roster).Plan(HolidayPlan.Empty, scenario.FromYear, scenario.ThroughYear).Plan;
            var leaver = scenario.Members[departure.Leaver % scenario.Members.Count];
            var from = new LocalDate(scenario.FromYear, 1, 1).PlusDays(departure.Day);

            var after = plan.With(Turnover.Inherit(plan, leaver, "newcomer", from));

            var leaversFuture = plan.Of(leaver).Where(a => a.Date >= from).Select(a => (a.Holiday, a.Year));
            Assert.Equal(leaversFuture, after.Of("newcomer").Select(a => (a.Holiday, a.Year)));
            Assert.DoesNotContain(after.Of(leaver), a => a.Date >= from);
            Assert.All(
                plan.Assignments.Where(a => a.MemberId != leaver || a.Date < from),
                a => Assert.Equal(a, after.AssignmentOf(a.Holiday, a.Year)));
        }));

    [Fact]
    public void FreeThenReplan_LeavesTheLeaverNothingKeepsRuleOneAndAccountsForEveryFreedHoliday() =>
        Check.One(HolidayScenarios.Quick(100), Prop.ForAll(HolidayScenarios.Any(), Departure, (scenario, departure) =>
        {
            var plan = new HolidayPlanner(scenario.Calendar, scenario.Roster).Plan(HolidayPlan.Empty, scenario.FromYear, scenario.ThroughYear).Plan;
            var leaver = scenario.Members[departure.Leaver % scenario.Members.Count];
            var from = new LocalDate(scenario.FromYear, 1, 1).PlusDays(departure.Day);
            var roster = RosterTimeline.Create(scenario.Roster.Start, scenario.Members, [new MemberLeft(from, leaver, null)]);

            var freed = Turnover.Free(plan, leaver, from);
            var result = new HolidayPlanner(scenario.Calendar, roster).Replan(plan, freed);

            Assert.DoesNotContain(result.Plan.Of(leaver), a => a.Date >= from);
            HolidayScenarios.AssertFourYearRule(result.Plan);
            Assert.All(
                plan.Assignments.Where(a => a.MemberId != leaver || a.Date < from),
                a => Assert.Equal(a, result.Plan.AssignmentOf(a.Holiday, a.Year)));
            Assert.All(freed, f => Assert.True(
                result.Plan.HolderOf(f.Name, f.Year) is not null ^ result.Problems.Any(p => p.Instance == f),
                $"{f.Name} {f.Year} is neither replanned nor reported."));
            Assert.Equal(freed.Count, result.Added.Count + result.Problems.Count);
        }));
}
