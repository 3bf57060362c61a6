using FsCheck;
using FsCheck.Fluent;

using NodaTime;

using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;
using PipelineBot.Domain.Tests.Holidays;
using PipelineBot.Domain.Trades;

namespace PipelineBot.Domain.Tests.Trades;

public sealed class TradeProperties
{
    private static readonly Arbitrary<(int Offered, int Requested, bool Swap)> Picks =
        (from offered in Gen.Choose(0, 100_000)
         from requested in Gen.Choose(0, 100_000)
         from swap in Gen.Elements(true, false)
         select (offered, requested, swap)).ToArbitrary();

    [Fact]
    public void Trade_IsAllowedExactlyWhenRuleOneHoldsAfterwards_AndMovesNothingElse() =>
        Check.One(HolidayScenarios.Quick(100), Prop.ForAll(HolidayScenarios.Any(), Picks, (scenario, picks) =>
        {
            var plan = new HolidayPlanner(scenario.Calendar, scenario.Roster).Plan(HolidayPlan.Empty, scenario.FromYear, scenario.ThroughYear).Plan;
            var all = plan.Assignments.ToList();
            var offered = all[picks.Offered % all.Count];
            var requested = all[picks.Requested % all.Count];
            var counterparty = picks.Swap ? requested.MemberId : scenario.Members.First(m => m != offered.MemberId && m != requested.MemberId);
            if (counterparty == offered.MemberId)
            {
                return;
            }

            var now = Instant.FromUtc(scenario.FromYear - 1, 6, 1, 0, 0);
            var decision = TradeRules.CheckProposal(
                offered.MemberId, counterparty, offered.Date, picks.Swap ? requested.Date : null,
                plan, scenario.Calendar, scenario.Roster, new ShiftCalendar(DateTimeZone.Utc), now, Duration.FromDays(7));
            var offer = new TradeOffer(
                1, picks.Swap ? TradeKind.Swap : TradeKind.HandOver, offered.MemberId, counterparty,
                new HolidayInstance(offered.Holiday, offered.Year, offered.Date),
                picks.Swap ? new HolidayInstance(requested.Holiday, requested.Year, requested.Date) : null,
                now, now + Duration.FromDays(7), TradeState.Open);
            var changes = TradeRules.Apply(offer);
            var after = plan.With(changes);
            var breaksRuleOne = changes.Any(c => after.ViolatesFourYearRule(c.MemberId, c.Holiday, c.Year, 4));

            Assert.Equal(!breaksRuleOne, decision.Allowed);
            if (breaksRuleOne)
            {
                Assert.Equal(TradeDecision.FourYearRule, decision.Rule);
                return;
            }

            HolidayScenarios.AssertFourYearRule(after);
            Assert.All(
                all.Where(a => !changes.Any(c => c.Holiday == a.Holiday && c.Year == a.Year)),
                a => Assert.Equal(a, after.AssignmentOf(a.Holiday, a.Year)));
            Assert.True(TradeRules.CheckAcceptance(offer, counterparty, plan, scenario.Roster, now).Allowed);
        }));
}
