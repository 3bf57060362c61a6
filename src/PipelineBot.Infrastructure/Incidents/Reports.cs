using NodaTime;
using PipelineBot.Domain.Incidents;

namespace PipelineBot.Infrastructure.Incidents;

/// <summary>A failure or data-quality alert from an orchestrator callback (<c>POST /api/alerts</c>), already validated.</summary>
public sealed record AlertReport(
    string Pipeline,
    string RunId,
    IncidentKind Kind,
    string Summary,
    string? Detail = null,
    string? LogicalDate = null,
    string? DagId = null,
    string? TaskId = null,
    string? LogUrl = null,
    Instant? OccurredAt = null);

/// <summary>The states a run event reports.</summary>
public enum RunState
{
    Started,
    Succeeded,
    Failed,

    /// <summary>Started, and waiting for its source file (seed 000: "handling late or missing source files").</summary>
    Waiting,
}

/// <summary>A run event (<c>POST /api/runs</c>), already validated: figures are non-negative and the pipeline is in the catalog.</summary>
public sealed record RunReport(
    string Pipeline,
    string RunId,
    RunState State,
    string? LogicalDate = null,
    Instant? At = null,
    long? Records = null,
    long? Dropped = null,
    IReadOnlyDictionary<string, long>? NullCritical = null,
    string? Error = null,
    string? WaitingFor = null);

/// <summary>What intake did with a report: the incident it opened or joined, if any.</summary>
public sealed record IntakeResult(long? IncidentId, bool Created)
{
    public string? Incident => IncidentId is { } id ? IncidentNames.Id(id) : null;
}
