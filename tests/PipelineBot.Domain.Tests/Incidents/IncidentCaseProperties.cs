using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using PipelineBot.Domain.Incidents;
using static PipelineBot.Domain.Tests.Incidents.IncidentScenario;

namespace PipelineBot.Domain.Tests.Incidents;

/// <summary>
/// Random runs of operations on an incident with two linked incidents (acknowledge, resolve, time passing and clocks
/// firing, late data or not), checking after every step that the aggregate keeps its invariants.
/// </summary>
public sealed class IncidentCaseProperties
{
    private static readonly string[] People = ["miles", "jasmine", "hudson", "de-manager"];

    private static readonly long[] LinkedIds = [2, 3];

    /// <summary>One operation: on the incident (0) or a linked one (1, 2); a clock fires after some minutes pass.</summary>
    private sealed record Step(int Kind, int Target, int Who, int Minutes, int Clock)
    {
        public override string ToString() => Kind switch
        {
            0 => $"ack #{Target} by {People[Who]}",
            1 => $"resolve #{Target} by {People[Who]}",
            _ => $"+{Minutes} min, fire clock {Clock}",
        };
    }

    private static readonly Arbitrary<(bool LateData, Step[] Steps)> Runs =
        (from late in Gen.Elements(true, false)
         from steps in Gen.ArrayOf(
             from kind in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Constant(1)), (4, Gen.Constant(2)))
             from target in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 2)))
             from who in Gen.Choose(0, People.Length - 1)
             from minutes in Gen.OneOf(Gen.Choose(0, 20), Gen.Elements(60, 180, 1440, 2880))
             from clock in Gen.Choose(0, 20)
             select new Step(kind, target, who, minutes, clock))
         select (late, steps)).ToArbitrary();

    [Fact]
    public void AnyRunOfOperations_KeepsTheIncidentsInvariants() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Runs, run =>
        {
            var now = MondayMorning;
            Instant? deadline = run.LateData ? now - Duration.FromMinutes(30) : null;
            var linked = LinkedIds.Select(id => Open(UnitProfit, id, now, linkedTo: 1, missedDeadline: deadline).Incident).ToList();
            var (incident, _) = Open(Profit, 1, now, missedDeadline: deadline, linked: linked);
            var all = linked.Prepend(incident).ToList();
            var clocks = all.SelectMany(i => i.Clocks.Select(c => (Incident: i, Clock: c))).ToList();
            var before = Snapshot(all);
            foreach (var step in run.Steps)
            {
                var target = all[step.Target];
                IncidentOutcome outcome;
                if (step.Kind == 2)
                {
                    now += Duration.FromMinutes(step.Minutes);
                    var (owner, clock) = clocks[step.Clock % clocks.Count];
                    var wasOpen = clock.IsOpen;
                    outcome = owner.Fire(clock, now, TeamCatalog, People[step.Who], ShippedSla);
                    Assert.True(!wasOpen || clock.IsOpen == (clock.DueAt > now), $"{step}: a due clock stayed open, or one not due closed");
                    Assert.True(!wasOpen || (outcome is ClockFired) == clock.Fired, $"{step}: {outcome} but the clock says fired={clock.Fired}");
                }
                else
                {
                    outcome = step.Kind == 0 ? target.Acknowledge(People[step.Who], now) : target.Resolve(People[step.Who], "fixed", now);
                }

                var after = Snapshot(all);
                foreach (var (was, isNow) in before.Zip(after))
                {
                    // It only moves forward; the first acknowledgement stays; resolved is final.
                    Assert.True(isNow.Progress.State >= was.Progress.State, $"{step}: {was.Progress.State} went back to {isNow.Progress.State}");
                    if (was.Progress.AcknowledgedBy is not null)
                    {
                        Assert.Equal((was.Progress.AcknowledgedBy, was.Progress.AcknowledgedAt), (isNow.Progress.AcknowledgedBy, isNow.Progress.AcknowledgedAt));
                    }

                    if (was.Progress.State == IncidentState.Resolved)
                    {
                        Assert.Equal(was.Progress, isNow.Progress);
                    }

                    // A closed clock never opens again or changes how it ended.
                    Assert.All(was.Clocks.Zip(isNow.Clocks), c => Assert.True(c.First.ClosedAt is null || c.First == c.Second, $"{step}: a closed clock changed"));
                }

                // Clocks close with the state they guard.
                foreach (var i in all)
                {
                    Assert.True(i.State == IncidentState.Open || i.Clocks.All(c => !c.IsOpen || c.Kind is not (ClockKind.AckReminder or ClockKind.AckDeadline)), $"{step}: an ack clock is open after the acknowledgement");
                    Assert.True(i.State != IncidentState.Resolved || i.Clocks.All(c => !c.IsOpen), $"{step}: a clock is open after the resolution");
                    Assert.Equal(i.State != IncidentState.Resolved, i.Allowed(Profit).HasFlag(IncidentActions.Resolve));
                    Assert.Equal(i.State == IncidentState.Open, i.Allowed(Profit).HasFlag(IncidentActions.Acknowledge));
                }

                // A linked incident resolves with its parent.
                Assert.True(incident.State != IncidentState.Resolved || linked.All(l => l.State == IncidentState.Resolved), $"{step}: a linked incident outlived its parent");

                // What was said matches what happened: a change of state, or a clock that had its effect.
                var moved = before.Zip(after).Any(p => p.First.Progress != p.Second.Progress || p.First.Clocks.Count(c => c.Fired) != p.Second.Clocks.Count(c => c.Fired));
                Assert.Equal(outcome.Changed, moved);
                before = after;
            }
        }));

    private sealed record Seen(IncidentProgress Progress, IReadOnlyList<(Instant? ClosedAt, bool Fired)> Clocks);

    private static List<Seen> Snapshot(List<IncidentCase> incidents) =>
        [.. incidents.Select(i => new Seen(i.Progress, [.. i.Clocks.Select(c => (c.ClosedAt, c.Fired))]))];
}
