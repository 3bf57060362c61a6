using NodaTime;

namespace PipelineBot.Infrastructure.Airflow;

/// <summary>
/// One run of an Airflow DAG as Airflow reported it. <see cref="State"/> is one of Airflow's DAG run states
/// (<see cref="Queued"/>, <see cref="Running"/>, <see cref="Success"/>, <see cref="Failed"/>); a run is over once it is
/// success or failed. <see cref="LogicalDate"/> is null for an Airflow 3 run triggered without one.
/// </summary>
public sealed record DagRun(string DagId, string DagRunId, string State, Instant? LogicalDate, Instant? StartDate, Instant? EndDate)
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Success = "success";
    public const string Failed = "failed";

    public bool IsFinished => State is Success or Failed;

    public bool Succeeded => State == Success;
}

/// <summary>A task try's log as Airflow keeps it: the try's number and its lines.</summary>
public sealed record TaskLog(int TryNumber, IReadOnlyList<string> Lines);
