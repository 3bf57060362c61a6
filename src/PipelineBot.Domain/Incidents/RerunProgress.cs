using System.Globalization;
using NodaTime;

namespace PipelineBot.Domain.Incidents;

/// <summary>Where a rerun is: its preconditions, starting it in the orchestrator, following the run, or done.</summary>
public enum RerunStep
{
    Precondition,
    Starting,
    Running,
    Succeeded,
    Failed,
}

/// <summary>How an orchestrator run that a rerun follows stands.</summary>
public enum RunStanding
{
    Going,
    Succeeded,
    Failed,

    /// <summary>The orchestrator no longer knows the run.</summary>
    Gone,
}

/// <summary>What a rerun needs done in the orchestrator next.</summary>
public abstract record RerunWork;

/// <summary>Run precondition DAG <paramref name="DagId"/> for the load date, as run <paramref name="RunId"/>.</summary>
public sealed record TriggerPrecondition(string DagId, string RunId) : RerunWork;

/// <summary>Clear the failed tasks of run <paramref name="RunId"/>, so it picks up where it stopped.</summary>
public sealed record ClearFailedTasks(string DagId, string RunId) : RerunWork;

/// <summary>Trigger run <paramref name="RunId"/> of <paramref name="DagId"/> with the rerun's parameters.</summary>
public sealed record TriggerRun(string DagId, string RunId) : RerunWork;

/// <summary>See how run <paramref name="RunId"/> of <paramref name="DagId"/> stands.</summary>
public sealed record WatchRun(string DagId, string RunId) : RerunWork;

/// <summary>Nothing: the rerun is over.</summary>
public sealed record NoWork : RerunWork;

/// <summary>Why a rerun ended.</summary>
public enum RerunEnd
{
    Succeeded,
    PreconditionFailed,
    PreconditionGone,
    RunFailed,
    RunGone,

    /// <summary>The orchestrator refused a step (a 4xx): repeating it cannot help.</summary>
    Refused,

    /// <summary>The orchestrator did not answer until the rerun gave up.</summary>
    Unanswered,
}

/// <summary>
/// A rerun's state machine (PRODUCT §4, seed 000): each precondition DAG runs and must succeed, in order; then the
/// failed tasks are cleared or a new run triggered; then that run is followed to its end. Invariants: it only moves
/// forward; a finished rerun does nothing more; the orchestrator's run ids derive from the rerun's id, so a step
/// repeated after a crash finds the run it already started instead of starting another.
/// </summary>
public sealed class RerunProgress(
    long id, RerunMode mode, string dagId, string? sourceRunId, IEnumerable<string> pending, RerunStep step, string? followDagId, string? followRunId)
{
    private readonly List<string> _pending = [.. pending];

    public RerunStep Step { get; private set; } = step;

    /// <summary>The precondition DAGs still to run, in order.</summary>
    public IReadOnlyList<string> Pending => _pending;

    public string? FollowDagId { get; private set; } = followDagId;

    public string? FollowRunId { get; private set; } = followRunId;

    public RerunEnd? End { get; private set; }

    public bool Finished => Step is RerunStep.Succeeded or RerunStep.Failed;

    /// <summary>The first step of a rerun planned as <paramref name="plan"/>.</summary>
    public static RerunStep FirstStep(RerunPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Preconditions.Count > 0 ? RerunStep.Precondition : RerunStep.Starting;
    }

    public RerunWork Next() => Step switch
    {
        RerunStep.Precondition when FollowRunId is null => new TriggerPrecondition(_pending[0], string.Create(CultureInfo.InvariantCulture, $"pipelinebot__rerun{id}__{_pending[0]}")),
        RerunStep.Starting when mode == RerunMode.ClearFailedTasks => new ClearFailedTasks(dagId, sourceRunId!),
        RerunStep.Starting => new TriggerRun(dagId, string.Create(CultureInfo.InvariantCulture, $"pipelinebot__rerun{id}")),
        RerunStep.Precondition or RerunStep.Running => new WatchRun(FollowDagId!, FollowRunId!),
        _ => new NoWork(),
    };

    /// <summary>The work of <see cref="Next"/> was done: the rerun follows the run it started (or cleared).</summary>
    public void Started(RerunWork work)
    {
        switch (work)
        {
            case TriggerPrecondition precondition when Step == RerunStep.Precondition:
                Follow(precondition.DagId, precondition.RunId);
                break;
            case ClearFailedTasks clear when Step == RerunStep.Starting:
                Follow(clear.DagId, clear.RunId);
                Step = RerunStep.Running;
                break;
            case TriggerRun run when Step == RerunStep.Starting:
                Follow(run.DagId, run.RunId);
                Step = RerunStep.Running;
                break;
            default:
                throw new InvalidOperationException($"A rerun at step {Step} cannot start {work}.");
        }
    }

    /// <summary>
    /// The followed run stands at <paramref name="standing"/>: a precondition that succeeded lets the next one (or the
    /// load) go; a failed or vanished one ends the rerun, because per the runbook it must succeed first.
    /// </summary>
    public void Observed(RunStanding standing)
    {
        if (Step is not (RerunStep.Precondition or RerunStep.Running) || FollowRunId is null)
        {
            throw new InvalidOperationException($"A rerun at step {Step} follows no run.");
        }

        var precondition = Step == RerunStep.Precondition;
        switch (standing)
        {
            case RunStanding.Going:
                return;
            case RunStanding.Succeeded when precondition:
                _pending.RemoveAt(0);
                Follow(null, null);
                Step = _pending.Count > 0 ? RerunStep.Precondition : RerunStep.Starting;
                return;
            case RunStanding.Succeeded:
                Finish(RerunEnd.Succeeded);
                return;
            case RunStanding.Failed:
                Finish(precondition ? RerunEnd.PreconditionFailed : RerunEnd.RunFailed);
                return;
            default:
                Finish(precondition ? RerunEnd.PreconditionGone : RerunEnd.RunGone);
                return;
        }
    }

    /// <summary>The orchestrator refused the step: the rerun fails.</summary>
    public void Refused()
    {
        if (!Finished)
        {
            Finish(RerunEnd.Refused);
        }
    }

    /// <summary>
    /// A step found the orchestrator not answering (down, or failing on its side): the rerun keeps trying until
    /// <paramref name="giveUpAt"/>, set at the first such try, and fails from then on.
    /// </summary>
    public void Unanswered(Instant giveUpAt, Instant now)
    {
        if (!Finished && now >= giveUpAt)
        {
            Finish(RerunEnd.Unanswered);
        }
    }

    private void Follow(string? dag, string? run)
    {
        FollowDagId = dag;
        FollowRunId = run;
    }

    private void Finish(RerunEnd end)
    {
        End = end;
        Step = end == RerunEnd.Succeeded ? RerunStep.Succeeded : RerunStep.Failed;
    }
}
