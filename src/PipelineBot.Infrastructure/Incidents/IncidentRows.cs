using NodaTime;
using PipelineBot.Domain.Incidents;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Incidents;

/// <summary>Loads an <see cref="IncidentCase"/> from its rows and writes what it decided back to them.</summary>
internal static class IncidentRows
{
    public const string Fired = "fired";
    public const string Moot = "moot";

    /// <param name="clocks">The incident's clock rows to hand the aggregate; <paramref name="claimed"/> is handed as still open.</param>
    public static IncidentCase Load(IncidentRow row, IEnumerable<IncidentClockRow> clocks, IEnumerable<IncidentCase>? linked = null, long? claimed = null) => new(
        new IncidentFacts(
            row.Id,
            row.PipelineId,
            IncidentNames.KindOf(row.Kind) ?? IncidentKind.Failure,
            Instant.FromUnixTimeTicks(row.OpenedAt),
            Instant.FromUnixTimeTicks(row.AckClockStart),
            Instant.FromUnixTimeTicks(row.AckDueAt),
            Instant.FromUnixTimeTicks(row.ResolveDueAt),
            row.PagedMemberId,
            At(row.MissedDeadline),
            row.LinkedTo),
        Progress(row),
        clocks.Where(c => c.IncidentId == row.Id).Select(c => IncidentClock.KindOf(c.Kind) is { } kind
            ? new IncidentClock(kind, Instant.FromUnixTimeTicks(c.DueAt), c.Id, c.Id == claimed ? null : At(c.ClosedAt), c.Outcome == Fired)
            : null).OfType<IncidentClock>(),
        linked);

    /// <summary>A new incident's row; its clocks are added with <see cref="Save"/> once the row has its id.</summary>
    public static IncidentRow New(IncidentCase incident, Opening opening) => Write(incident, new IncidentRow
    {
        PipelineId = incident.Facts.PipelineId,
        RunId = opening.RunId,
        Kind = IncidentNames.Of(incident.Facts.Kind),
        Summary = IncidentService.Clip(opening.Summary, 2000),
        Detail = opening.Detail,
        LogicalDate = opening.LogicalDate,
        DagId = opening.DagId,
        TaskId = opening.TaskId,
        LogUrl = opening.LogUrl,
        OccurredAt = opening.OccurredAt.ToUnixTimeTicks(),
        OpenedAt = incident.Facts.OpenedAt.ToUnixTimeTicks(),
        AckClockStart = incident.Facts.AckClockStart.ToUnixTimeTicks(),
        AckDueAt = incident.Facts.AckDueAt.ToUnixTimeTicks(),
        ResolveDueAt = incident.Facts.ResolveDueAt.ToUnixTimeTicks(),
        State = IncidentNames.Of(IncidentState.Open),
        PagedMemberId = incident.Facts.PagedMemberId,
        MissedDeadline = incident.Facts.MissedDeadline?.ToUnixTimeTicks(),
        LinkedTo = incident.Facts.LinkedTo,
    });

    /// <summary>
    /// Writes the aggregate's progress to <paramref name="row"/> and its clocks to <paramref name="clocks"/> (the rows it
    /// was loaded from), adding rows for clocks it opened. A change of state also moves the row's version, the token that
    /// makes the second of two racing changes fail and re-read.
    /// </summary>
    public static void Save(PipelineBotDbContext db, IncidentCase incident, IncidentRow row, IEnumerable<IncidentClockRow> clocks)
    {
        if (Progress(row) != incident.Progress)
        {
            row.Version++;
        }

        Write(incident, row);
        var stored = clocks.Where(c => c.IncidentId == row.Id).ToDictionary(c => c.Id);
        foreach (var clock in incident.Clocks)
        {
            if (clock.Id == 0)
            {
                db.IncidentClocks.Add(new IncidentClockRow { IncidentId = row.Id, Kind = IncidentClock.NameOf(clock.Kind), DueAt = clock.DueAt.ToUnixTimeTicks() });
            }
            else if (clock.ClosedAt is { } closed && stored.TryGetValue(clock.Id, out var clockRow))
            {
                clockRow.ClosedAt = closed.ToUnixTimeTicks();
                clockRow.Outcome = clock.Fired ? Fired : Moot;
            }
        }
    }

    public static IncidentProgress Progress(IncidentRow row) => new(
        Enum.Parse<IncidentState>(row.State, ignoreCase: true),
        row.AcknowledgedBy,
        At(row.AcknowledgedAt),
        row.ResolvedBy,
        At(row.ResolvedAt),
        row.Resolution,
        At(row.AckBreachedAt),
        At(row.ResolveBreachedAt),
        row.Expert,
        Experts.AreaOf(row.ExpertArea),
        At(row.ExpertSince));

    private static IncidentRow Write(IncidentCase incident, IncidentRow row)
    {
        var progress = incident.Progress;
        row.State = IncidentNames.Of(progress.State);
        row.AcknowledgedBy = progress.AcknowledgedBy;
        row.AcknowledgedAt = progress.AcknowledgedAt?.ToUnixTimeTicks();
        row.ResolvedBy = progress.ResolvedBy;
        row.ResolvedAt = progress.ResolvedAt?.ToUnixTimeTicks();
        row.Resolution = progress.Resolution;
        row.AckBreachedAt = progress.AckBreachedAt?.ToUnixTimeTicks();
        row.ResolveBreachedAt = progress.ResolveBreachedAt?.ToUnixTimeTicks();
        row.Expert = progress.Expert;
        row.ExpertArea = progress.ExpertArea is { } area ? Experts.NameOf(area) : null;
        row.ExpertSince = progress.ExpertSince?.ToUnixTimeTicks();
        return row;
    }

    private static Instant? At(long? ticks) => ticks is { } t ? Instant.FromUnixTimeTicks(t) : null;
}
