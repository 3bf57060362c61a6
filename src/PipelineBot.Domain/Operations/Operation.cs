using System.Globalization;
using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;

namespace PipelineBot.Domain.Operations;

/// <summary>A multi-step Airflow operation asked for in chat: a backfill (seed 003) or an environment rebuild (Runbook #6).</summary>
public enum OperationKind
{
    Backfill,
    Rebuild,
}

/// <summary>Where an operation is: waiting for Confirm, running its steps in order, or over.</summary>
public enum OperationState
{
    Proposed,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>
/// One step: clear every task of <see cref="DagId"/>'s runs whose logical date lies in <see cref="From"/>..<see cref="To"/>
/// (a backfill), or trigger a run of it with <see cref="Conf"/> (a rebuild). <see cref="Planned"/> is what the dry run
/// found to clear; <see cref="Runs"/> the Airflow runs the step follows once started.
/// </summary>
public sealed record OperationStep(
    string DagId,
    string? PipelineId,
    LocalDate? From,
    LocalDate? To,
    IReadOnlyDictionary<string, string> Conf,
    int Planned = 0,
    StepState State = StepState.Pending,
    IReadOnlyList<string>? Runs = null,
    string? Note = null)
{
    public bool Clears => From is not null;

    public IReadOnlyList<string> Followed => Runs ?? [];
}

public enum StepState
{
    Pending,
    Running,
    Succeeded,
    Failed,
}

/// <summary>What an operation needs done in Airflow next.</summary>
public abstract record OperationWork(int Step);

/// <summary>Start step <paramref name="Step"/>: clear its range, or trigger its run as <paramref name="RunId"/>.</summary>
public sealed record StartStep(int Step, string RunId) : OperationWork(Step);

/// <summary>See how the runs step <paramref name="Step"/> follows stand.</summary>
public sealed record WatchStep(int Step) : OperationWork(Step);

/// <summary>
/// A backfill or rebuild and its rules. Invariants: nothing runs before Confirm; the steps run one at a time, in order,
/// each started only once the one before it succeeded; a failed step stops the operation there; a finished operation
/// does nothing more; a trigger's run id derives from the operation's id and step, so a step repeated after a crash
/// finds the run it already started.
/// </summary>
public sealed class Operation(long id, OperationKind kind, string? pipelineId, OperationState state, IEnumerable<OperationStep> steps)
{
    /// <summary>The longest range one backfill clears: a month of daily runs, so a typo in a year cannot clear years.</summary>
    public const int MostDays = 31;

    private readonly List<OperationStep> _steps = [.. steps];

    public long Id { get; } = id;

    public OperationKind Kind { get; } = kind;

    /// <summary>The pipeline a backfill is of; null for a rebuild.</summary>
    public string? PipelineId { get; } = pipelineId;

    public OperationState State { get; private set; } = state;

    public IReadOnlyList<OperationStep> Steps => _steps;

    public bool Finished => State is OperationState.Succeeded or OperationState.Failed or OperationState.Cancelled;

    /// <summary>
    /// The plan of a backfill of <paramref name="pipeline"/> over <paramref name="from"/>..<paramref name="to"/>: its DAG,
    /// then each pipeline downstream of it (nearest first) with a DAG, so the aggregates are rebuilt from the right data.
    /// </summary>
    public static (IReadOnlyList<OperationStep>? Steps, string? Refusal) PlanBackfill(Catalog.Catalog catalog, Pipeline pipeline, LocalDate from, LocalDate to, LocalDate today)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(pipeline);
        if (pipeline.Orchestrator is null)
        {
            return (null, $"{pipeline.Name} has no Airflow DAG in the catalog, so there is nothing to backfill");
        }

        if (to < from)
        {
            return (null, $"the range ends ({Iso(to)}) before it starts ({Iso(from)})");
        }

        if (to > today)
        {
            return (null, $"{Iso(to)} is in the future: a backfill clears runs that happened");
        }

        var days = Period.Between(from, to, PeriodUnits.Days).Days + 1;
        if (days > MostDays)
        {
            return (null, $"{days} days is more than one backfill clears (at most {MostDays}); split the range");
        }

        var downstream = Downstream(catalog, pipeline).Where(p => p.Orchestrator is not null);
        return ([.. downstream.Prepend(pipeline).Select(p => new OperationStep(p.Orchestrator!.DagId, p.Id, from, to, new Dictionary<string, string>()))], null);
    }

    /// <summary>The plan of an environment rebuild (Runbook #6): the catalog's setup DAGs in order; the date control one for the load date.</summary>
    public static IReadOnlyList<OperationStep> PlanRebuild(Catalog.Catalog catalog, LocalDate loadDate)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return [.. catalog.SetupDags.Select(d => new OperationStep(
            d.DagId, null, null, null,
            d.DagId == DateControlDag ? new Dictionary<string, string> { [RerunParameters.LoadDate] = Iso(loadDate) } : new Dictionary<string, string>()))];
    }

    /// <summary>The setup DAG that sets the ETL date control for a load date (seed 000).</summary>
    public const string DateControlDag = "etl_date_control_update_dag";

    /// <summary>Who may backfill a pipeline: who may rerun it.</summary>
    public static string? WhyNotAllowedToBackfill(Member member, Pipeline pipeline, string? onCallId)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return Responders.Includes(member, pipeline, onCallId)
            ? null
            : $"backfills of {pipeline.Name} are for the person on call, its owners and operators (the Service Implementation Team)";
    }

    /// <summary>Who may rebuild the environment: operators and managers (Runbook #6 is a Service Implementation Team procedure).</summary>
    public static string? WhyNotAllowedToRebuild(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return member.Has(Roles.Operator) || member.Has(Roles.Manager)
            ? null
            : "rebuilding the environment is for operators (the Service Implementation Team) and managers";
    }

    /// <summary>The pipelines downstream of <paramref name="pipeline"/>, nearest first.</summary>
    public static IEnumerable<Pipeline> Downstream(Catalog.Catalog catalog, Pipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(pipeline);
        return catalog.Pipelines
            .Select(p => (Pipeline: p, Distance: IndexOf(catalog.Lineage(p), pipeline.Id)))
            .Where(p => p.Distance > 0)
            .OrderBy(p => p.Distance)
            .Select(p => p.Pipeline);
    }

    /// <summary>Starts a proposed operation; returns whether it did (a second Confirm, or one after Cancel, does nothing).</summary>
    public bool Confirm()
    {
        if (State != OperationState.Proposed)
        {
            return false;
        }

        State = OperationState.Running;
        return true;
    }

    /// <summary>Cancels a proposed operation; one that runs is not stopped halfway (Airflow has work under way).</summary>
    public bool Cancel()
    {
        if (State != OperationState.Proposed)
        {
            return false;
        }

        State = OperationState.Cancelled;
        return true;
    }

    /// <summary>What to do next: start the first pending step, or watch the running one; null when nothing is to be done.</summary>
    public OperationWork? Next()
    {
        if (State != OperationState.Running)
        {
            return null;
        }

        var index = _steps.FindIndex(s => s.State != StepState.Succeeded);
        return _steps[index].State == StepState.Running ? new WatchStep(index) : new StartStep(index, RunIdOf(index));
    }

    /// <summary>Step <paramref name="step"/> started in Airflow and follows <paramref name="runs"/>; with none (nothing to clear), it is done.</summary>
    public void Started(int step, IReadOnlyList<string> runs, string note)
    {
        _steps[step] = _steps[step] with { State = runs.Count == 0 ? StepState.Succeeded : StepState.Running, Runs = runs, Note = note };
        FinishIfDone();
    }

    /// <summary>How the runs of step <paramref name="step"/> stand: all succeeded moves on, any failed or gone stops the operation.</summary>
    public void Observed(int step, IReadOnlyList<RunStanding> standings, string note)
    {
        ArgumentNullException.ThrowIfNull(standings);
        if (standings.Any(s => s is RunStanding.Failed or RunStanding.Gone))
        {
            Fail(step, note);
        }
        else if (standings.All(s => s == RunStanding.Succeeded))
        {
            _steps[step] = _steps[step] with { State = StepState.Succeeded, Note = note };
            FinishIfDone();
        }
    }

    /// <summary>Airflow refused step <paramref name="step"/>, or never answered: the operation stops there.</summary>
    public void Fail(int step, string note)
    {
        _steps[step] = _steps[step] with { State = StepState.Failed, Note = note };
        State = OperationState.Failed;
    }

    private void FinishIfDone()
    {
        if (_steps.All(s => s.State == StepState.Succeeded))
        {
            State = OperationState.Succeeded;
        }
    }

    private string RunIdOf(int step) => string.Create(CultureInfo.InvariantCulture, $"pipelinebot__{(Kind == OperationKind.Rebuild ? "rebuild" : "backfill")}_{Id}_{step + 1}");

    private static int IndexOf(IReadOnlyList<string> lineage, string id)
    {
        for (var i = 0; i < lineage.Count; i++)
        {
            if (string.Equals(lineage[i], id, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Iso(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
