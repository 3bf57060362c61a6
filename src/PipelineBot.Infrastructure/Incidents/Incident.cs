using NodaTime;
using PipelineBot.Domain.Incidents;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Incidents;

/// <summary>An incident as stored, with instants as instants.</summary>
public sealed record Incident(
    long Id,
    string PipelineId,
    string RunId,
    IncidentKind Kind,
    string Summary,
    string? Detail,
    string? LogicalDate,
    string? DagId,
    string? TaskId,
    string? LogUrl,
    Instant OccurredAt,
    Instant OpenedAt,
    Instant AckClockStart,
    Instant AckDueAt,
    Instant ResolveDueAt,
    IncidentState State,
    string? PagedMemberId,
    string? AcknowledgedBy,
    Instant? AcknowledgedAt,
    string? ResolvedBy,
    Instant? ResolvedAt,
    string? Resolution,
    Instant? AckBreachedAt,
    Instant? ResolveBreachedAt,
    Instant? MissedDeadline,
    long? LinkedTo,
    string? Expert,
    ExpertArea? ExpertArea,
    Instant? ExpertSince)
{
    public string Name => IncidentNames.Id(Id);

    public string CardKey => IncidentCards.Key(Id);

    internal static Incident From(IncidentRow row)
    {
        var progress = IncidentRows.Progress(row);
        return new(
            row.Id,
            row.PipelineId,
            row.RunId,
            IncidentNames.KindOf(row.Kind) ?? IncidentKind.Failure,
            row.Summary,
            row.Detail,
            row.LogicalDate,
            row.DagId,
            row.TaskId,
            row.LogUrl,
            Instant.FromUnixTimeTicks(row.OccurredAt),
            Instant.FromUnixTimeTicks(row.OpenedAt),
            Instant.FromUnixTimeTicks(row.AckClockStart),
            Instant.FromUnixTimeTicks(row.AckDueAt),
            Instant.FromUnixTimeTicks(row.ResolveDueAt),
            progress.State,
            row.PagedMemberId,
            progress.AcknowledgedBy,
            progress.AcknowledgedAt,
            progress.ResolvedBy,
            progress.ResolvedAt,
            progress.Resolution,
            progress.AckBreachedAt,
            progress.ResolveBreachedAt,
            row.MissedDeadline is { } missed ? Instant.FromUnixTimeTicks(missed) : null,
            row.LinkedTo,
            progress.Expert,
            progress.ExpertArea,
            progress.ExpertSince);
    }
}

/// <summary>One event in an incident's life, with who and when (read from the audit entries).</summary>
public sealed record TimelineEntry(Instant At, string Actor, string Action, string Detail);

/// <summary>A rerun and how far it got.</summary>
public sealed record Rerun(
    long Id,
    long? IncidentId,
    string PipelineId,
    string DagId,
    string RequestedBy,
    Instant RequestedAt,
    string Mode,
    string? LoadDate,
    string Conf,
    RerunStep State,
    string? FollowDagId,
    string? FollowRunId,
    string? Note,
    Instant? FinishedAt,
    Instant? GiveUpAt)
{
    internal static Rerun From(RerunRow row) => new(
        row.Id, row.IncidentId, row.PipelineId, row.DagId, row.RequestedBy, Instant.FromUnixTimeTicks(row.RequestedAt), row.Mode,
        row.LoadDate, row.Conf, Enum.Parse<RerunStep>(row.State, ignoreCase: true), row.FollowDagId, row.FollowRunId, row.Note,
        row.FinishedAt is { } f ? Instant.FromUnixTimeTicks(f) : null, row.GiveUpAt is { } g ? Instant.FromUnixTimeTicks(g) : null);
}

/// <summary>
/// What a card or the API shows about an incident. <see cref="Linked"/> may hold only the first of the
/// <see cref="LinkedCount"/> linked incidents and <see cref="Timeline"/> only some actions (<see cref="DetailsScope"/>).
/// </summary>
public sealed record IncidentDetails(Incident Incident, IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<Incident> Linked, int LinkedCount, Rerun? LatestRerun);

/// <summary>
/// How much of an incident's history to read: the timeline entries of these <paramref name="Actions"/> and the first
/// <paramref name="LinkedShown"/> linked incidents. A storm links thousands of incidents to one, each with an entry on
/// its timeline, and a card redrawn after every batch of them must not read them all.
/// </summary>
public sealed record DetailsScope(IReadOnlyList<string> Actions, int LinkedShown);

/// <summary>A recorded run, for the status answer.</summary>
public sealed record RecordedRun(
    string RunId, string State, string? LogicalDate, Instant? StartedAt, Instant? FinishedAt, Instant UpdatedAt, long? Records, long? Dropped,
    IReadOnlyDictionary<string, long> NullCritical, string? Error);

/// <summary>The card keys of incidents: every posted copy of <c>incident:12</c> is redrawn when INC-12 changes.</summary>
public static class IncidentCards
{
    public const string Prefix = "incident:";

    public static string Key(long id) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Prefix}{id}");
}
