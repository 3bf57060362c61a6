using System.Text.Json.Nodes;
using NodaTime;

namespace PipelineBot.Testing.Airflow;

/// <summary>What a test can read of a run in the fake: its state, what it was triggered with, its failed and cleared tasks.</summary>
public sealed record FakeRunView(string DagId, string RunId, string State, Instant? LogicalDate, JsonObject Conf, IReadOnlyList<string> FailedTasks, IReadOnlyList<string> ClearedTasks);

/// <summary>
/// A DAG run in the fake. It moves one step each time it is read: queued, then running, then the final state a test
/// set (<see cref="FakeAirflow.Finish"/> ends it at once; <see cref="FakeAirflow.AutoFinish"/> ends it after running).
/// Its failed tasks are cleared by a clear and come back if the run fails again.
/// </summary>
internal sealed class FakeRun(int id, string dagId, string runId, string runType, Instant? logicalDate, Instant runAfter, JsonObject conf)
{
    public int Id { get; } = id;

    public string DagId { get; } = dagId;

    public string RunId { get; } = runId;

    public string RunType { get; } = runType;

    public Instant? LogicalDate { get; } = logicalDate;

    public Instant RunAfter { get; } = runAfter;

    public JsonObject Conf { get; } = conf;

    public string State { get; private set; } = "queued";

    public Instant? QueuedAt { get; private set; } = runAfter;

    public Instant? StartDate { get; private set; }

    public Instant? EndDate { get; private set; }

    public List<string> FailedTasks { get; } = [];

    public List<string> ClearedTasks { get; } = [];

    /// <summary>Every task of the run, which a clear of its logical date clears whatever their state.</summary>
    public List<string> Tasks { get; } = [];

    public FakeRunView View() => new(DagId, RunId, State, LogicalDate, (JsonObject)Conf.DeepClone(), [.. FailedTasks], [.. ClearedTasks]);

    /// <summary>The run as the scheduler would move it between two looks.</summary>
    public void Step(string? finalState, Instant now)
    {
        if (State == "queued")
        {
            State = "running";
            StartDate = now;
        }
        else if (State == "running" && finalState is not null)
        {
            End(finalState, now);
        }
    }

    public void Start(string state, Instant now)
    {
        State = state;
        StartDate = state == "queued" ? null : now;
        EndDate = state is "success" or "failed" ? now : null;
    }

    public void End(string state, Instant now)
    {
        State = state;
        StartDate ??= now;
        EndDate = now;
        if (state == "success")
        {
            FailedTasks.Clear();
        }
        else if (FailedTasks.Count == 0)
        {
            // The rerun tasks failed again.
            FailedTasks.AddRange(ClearedTasks);
        }
    }

    /// <summary>Clears the failed tasks (or, with <paramref name="all"/>, every task) and puts the run back in the queue, as a clear with reset_dag_runs does.</summary>
    public void Clear(Instant now, bool all = false)
    {
        ClearedTasks.Clear();
        ClearedTasks.AddRange(all ? Tasks : FailedTasks);
        FailedTasks.Clear();
        State = "queued";
        QueuedAt = now;
        StartDate = null;
        EndDate = null;
    }
}
