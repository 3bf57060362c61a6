using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using PipelineBot.Domain.Incidents;

namespace PipelineBot.Domain.Tests.Incidents;

public class RerunProgressTests
{
    private static RerunProgress Canonical(long id = 7) =>
        new(id, RerunMode.TriggerNewRun, "ldz_dag", null, ["etl_date_control_update_dag"], RerunStep.Precondition, null, null);

    [Fact]
    public void ACanonicalLoad_RunsItsPreconditionFirst_ThenTriggersTheLoad_ThenFollowsIt()
    {
        var rerun = Canonical();

        var precondition = Assert.IsType<TriggerPrecondition>(rerun.Next());
        Assert.Equal(new TriggerPrecondition("etl_date_control_update_dag", "pipelinebot__rerun7__etl_date_control_update_dag"), precondition);
        rerun.Started(precondition);
        Assert.Equal(new WatchRun("etl_date_control_update_dag", "pipelinebot__rerun7__etl_date_control_update_dag"), rerun.Next());
        rerun.Observed(RunStanding.Going);
        rerun.Observed(RunStanding.Succeeded);

        Assert.Equal(RerunStep.Starting, rerun.Step);
        Assert.Empty(rerun.Pending);
        var load = Assert.IsType<TriggerRun>(rerun.Next());
        Assert.Equal("pipelinebot__rerun7", load.RunId);
        rerun.Started(load);
        rerun.Observed(RunStanding.Succeeded);

        Assert.Equal(RerunStep.Succeeded, rerun.Step);
        Assert.Equal(RerunEnd.Succeeded, rerun.End);
        Assert.IsType<NoWork>(rerun.Next());
    }

    [Fact]
    public void AnOrchestratorThatDoesNotAnswer_IsWaitedFor_UntilTheRerunGivesUp_WhereItStood()
    {
        var rerun = Canonical();
        var giveUpAt = Instant.FromUtc(2026, 11, 23, 10, 15);

        rerun.Unanswered(giveUpAt, giveUpAt - Duration.FromSeconds(1));
        Assert.False(rerun.Finished);
        Assert.IsType<TriggerPrecondition>(rerun.Next());

        rerun.Unanswered(giveUpAt, giveUpAt);
        Assert.Equal((RerunStep.Failed, RerunEnd.Unanswered), (rerun.Step, rerun.End));
        Assert.IsType<NoWork>(rerun.Next());
    }

    [Fact]
    public void AFailedPrecondition_EndsTheRerun_WithoutTouchingTheLoad()
    {
        var rerun = Canonical();
        rerun.Started(rerun.Next());

        rerun.Observed(RunStanding.Failed);

        Assert.Equal(RerunStep.Failed, rerun.Step);
        Assert.Equal(RerunEnd.PreconditionFailed, rerun.End);
    }

    [Fact]
    public void ClearingFailedTasks_FollowsTheFailedRunItself()
    {
        var rerun = new RerunProgress(3, RerunMode.ClearFailedTasks, "profit_dag", "scheduled__1", [], RerunStep.Starting, null, null);

        var clear = Assert.IsType<ClearFailedTasks>(rerun.Next());
        rerun.Started(clear);

        Assert.Equal(new WatchRun("profit_dag", "scheduled__1"), rerun.Next());
        rerun.Observed(RunStanding.Gone);
        Assert.Equal(RerunEnd.RunGone, rerun.End);
    }

    [Fact]
    public void AnyRunOfAnswers_OnlyMovesForward_AndAFinishedRerunStaysFinished() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(
            (from preconditions in Gen.Choose(0, 3)
             from answers in Gen.ArrayOf(Gen.Elements<RunStanding?>(RunStanding.Going, RunStanding.Succeeded, RunStanding.Failed, RunStanding.Gone, null))
             select (preconditions, answers)).ToArbitrary(),
            run =>
            {
                var pending = Enumerable.Range(0, run.preconditions).Select(i => $"pre{i}").ToList();
                var rerun = new RerunProgress(1, RerunMode.TriggerNewRun, "dag", null, pending, pending.Count > 0 ? RerunStep.Precondition : RerunStep.Starting, null, null);
                var last = rerun.Step;
                foreach (var answer in run.answers)
                {
                    var work = rerun.Next();
                    if (rerun.Finished)
                    {
                        Assert.IsType<NoWork>(work);
                        break;
                    }

                    // No answer: the orchestrator refused the step.
                    if (answer is not { } standing)
                    {
                        rerun.Refused();
                    }
                    else if (work is WatchRun)
                    {
                        rerun.Observed(standing);
                    }
                    else
                    {
                        rerun.Started(work);
                    }

                    // Forward only: the preconditions in order, then the load, then its end; a passed precondition is never run again.
                    Assert.True(rerun.Step >= last, $"{last} went back to {rerun.Step}");
                    Assert.True(rerun.Pending.SequenceEqual(pending.Skip(pending.Count - rerun.Pending.Count)));
                    Assert.Equal(rerun.Finished, rerun.End is not null);
                    Assert.True(rerun.End != RerunEnd.Succeeded || rerun.Pending.Count == 0, "succeeded with a precondition not run");
                    last = rerun.Step;
                }
            }));
}
