using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Domain.Rotation;
using PipelineBot.Domain.Sla;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Infrastructure.Incidents;

/// <summary>What an acknowledgement or resolution did (<see cref="IncidentOutcome"/>), and the incident as it is now.</summary>
public sealed record IncidentResult(IncidentOutcome Outcome, Incident? Incident)
{
    public bool Changed => Outcome.Changed;
}

/// <summary>
/// Incidents (PRODUCT §4): intake of alerts and run events, acknowledgement and resolution. An incident is one per
/// (pipeline, run id), stored with its SLA clocks, audit entry and the team notice that posts its card, in one
/// transaction, before intake answers. Acknowledgements and resolutions are guarded by the row's version, so of two
/// at the same moment exactly one is recorded and the other is told who was first.
/// </summary>
public sealed partial class IncidentService(
    IDbContextFactory<PipelineBotDbContext> dbFactory,
    WriteGate writes,
    Catalog catalog,
    SlaPolicy sla,
    BusinessHours hours,
    ShiftCalendar calendar,
    ScheduleService schedule,
    TimeProvider time) : IDisposable
{
    /// <summary>The actor of what the bot does by itself (escalations, automatic resolution).</summary>
    public const string Bot = IncidentCase.Bot;

    public async Task<IntakeResult> ReportAlertAsync(AlertReport alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var pipeline = catalog.FindPipeline(alert.Pipeline) ?? throw new ArgumentException($"Unknown pipeline '{alert.Pipeline}'.", nameof(alert));
        var now = Now();
        return await OpenAsync(
            new Opening(pipeline, alert.RunId, alert.Kind, alert.Summary, alert.Detail, alert.LogicalDate, alert.DagId ?? pipeline.Orchestrator?.DagId,
                alert.TaskId, alert.LogUrl, alert.OccurredAt ?? now, null),
            cancellationToken);
    }

    /// <summary>
    /// Records a run event; a failure, or figures that break the data-quality SLA, open an incident. A success within
    /// the SLA resolves the failure incident of the same run and any late-data incident of the pipeline.
    /// </summary>
    public async Task<IntakeResult> RecordRunAsync(RunReport run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var pipeline = catalog.FindPipeline(run.Pipeline) ?? throw new ArgumentException($"Unknown pipeline '{run.Pipeline}'.", nameof(run));
        var now = Now();
        var at = run.At ?? now;
        var earlier = run.State is not (RunState.Started or RunState.Waiting) && pipeline.Checks.MedianTolerancePercent is not null
            ? await EarlierRecordsAsync(pipeline.Id, run.RunId, cancellationToken)
            : [];
        await SaveRunAsync(pipeline.Id, run, at, now, cancellationToken);

        var quality = DataQuality.Check(run.Records, run.Dropped, run.NullCritical, pipeline.CriticalFields, sla);
        var failedChecks = run.State is RunState.Started or RunState.Waiting ? [] : CountChecks.Check(pipeline.Checks, run.Records, run.Dropped, earlier, sla);
        var result = new IntakeResult(null, false);
        if (run.State == RunState.Failed)
        {
            result = await OpenAsync(
                new Opening(pipeline, run.RunId, IncidentKind.Failure, run.Error ?? "The run failed (no error was reported).", null, run.LogicalDate,
                    pipeline.Orchestrator?.DagId, null, null, at, null),
                cancellationToken);
        }

        if (quality.Breached || failedChecks.Count > 0)
        {
            string[] what =
            [
                .. quality.Breached ? [$"Data-quality SLA broken: {quality.Summary}"] : Array.Empty<string>(),
                .. failedChecks.Select(f => $"Count check \"{f.Check}\" failed: {f.Detail}"),
            ];
            var opened = await OpenAsync(
                new Opening(pipeline, run.RunId, IncidentKind.DataQuality, string.Join(". ", what), null, run.LogicalDate,
                    pipeline.Orchestrator?.DagId, null, null, at, null),
                cancellationToken);
            result = result.IncidentId is null ? opened : result;
        }
        else if (run.State == RunState.Succeeded)
        {
            await ResolveBySuccessAsync(pipeline, run.RunId, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Records an acknowledgement. A flood of clicks is stored by group commit: the acknowledgements waiting are applied
    /// in order, in one save, so a second click on one card in the same batch is told who was first.
    /// </summary>
    public Task<IncidentResult> AcknowledgeAsync(long id, string memberId, CancellationToken cancellationToken) =>
        Acknowledgements.StoreAsync((id, memberId), cancellationToken);

    public void Dispose()
    {
        _openings?.Dispose();
        _acknowledgements?.Dispose();
    }

    public async Task<IncidentResult> ResolveAsync(long id, string actor, string resolution, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var turn = await writes.EnterAsync(cancellationToken);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var row = await db.Incidents.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
            if (row is null)
            {
                return new IncidentResult(new NoSuchIncident(id), null);
            }

            var linkedRows = await db.Incidents.Where(i => i.LinkedTo == id && i.State != Resolved).ToListAsync(cancellationToken);
            var rows = linkedRows.Prepend(row).ToList();
            var clocks = await OpenClocksAsync(db, [.. rows.Select(r => r.Id)], cancellationToken);
            var incident = IncidentRows.Load(row, clocks, linkedRows.Select(l => IncidentRows.Load(l, clocks)));
            var now = Now();
            var outcome = incident.Resolve(actor, resolution, now);
            if (!outcome.Changed)
            {
                return new IncidentResult(outcome, Incident.From(row));
            }

            foreach (var (resolved, resolvedRow) in incident.Linked.Prepend(incident).Zip(rows))
            {
                IncidentRows.Save(db, resolved, resolvedRow, clocks);
                db.Audit(now, actor, "resolved", Subject(resolved.Id), $"{NameOf(actor)} resolved {IncidentNames.Id(resolved.Id)}: {resolved.Progress.Resolution}");
                db.CardChanged(now, IncidentCards.Key(resolved.Id));
            }

            if (await TrySaveAsync(db, attempt, cancellationToken))
            {
                return new IncidentResult(outcome, Incident.From(row));
            }
        }
    }

    public async Task<IncidentDetails?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        return row is null ? null : (await DetailsAsync(db, [row], cancellationToken))[0];
    }

    /// <summary>An incident with only the part of its history that <paramref name="scope"/> asks for.</summary>
    public async Task<IncidentDetails?> FindAsync(long id, DetailsScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var subject = Subject(id);
        var actions = scope.Actions;
        var timeline = await db.AuditEntries.AsNoTracking().Where(a => a.Subject == subject && actions.Contains(a.Action))
            .OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        var linked = await db.Incidents.AsNoTracking().Where(i => i.LinkedTo == id).OrderBy(i => i.Id).Take(scope.LinkedShown).ToListAsync(cancellationToken);
        var linkedCount = linked.Count < scope.LinkedShown ? linked.Count : await db.Incidents.CountAsync(i => i.LinkedTo == id, cancellationToken);
        var rerun = await db.Reruns.AsNoTracking().Where(r => r.IncidentId == id).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        return new IncidentDetails(
            Incident.From(row),
            [.. timeline.Select(a => new TimelineEntry(Instant.FromUnixTimeTicks(a.At), a.Actor, a.Action, a.Detail))],
            [.. linked.Select(Incident.From)],
            linkedCount,
            rerun is null ? null : Rerun.From(rerun));
    }

    /// <summary>Incidents newest first: every one, or only those not resolved.</summary>
    public async Task<IReadOnlyList<IncidentDetails>> ListAsync(bool openOnly, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Incidents.AsNoTracking();
        if (openOnly)
        {
            query = query.Where(i => i.State != Resolved);
        }

        var rows = await query.OrderByDescending(i => i.Id).Take(limit).ToListAsync(cancellationToken);
        return await DetailsAsync(db, rows, cancellationToken);
    }

    /// <summary>The newest incident of a pipeline that is not resolved, if any.</summary>
    public async Task<Incident?> OpenIncidentOfAsync(string pipelineId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Incidents.AsNoTracking().Where(i => i.PipelineId == pipelineId && i.State != Resolved).OrderByDescending(i => i.Id).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : Incident.From(row);
    }

    /// <summary>The latest recorded runs of a pipeline, newest first.</summary>
    public async Task<IReadOnlyList<RecordedRun>> RunsOfAsync(string pipelineId, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Runs.AsNoTracking().Where(r => r.PipelineId == pipelineId).OrderByDescending(r => r.UpdatedAt).Take(limit).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new RecordedRun(
            r.RunId, r.State, r.LogicalDate, At(r.StartedAt), At(r.FinishedAt), Instant.FromUnixTimeTicks(r.UpdatedAt), r.Records, r.Dropped,
            r.NullCritical is null ? new Dictionary<string, long>() : JsonSerializer.Deserialize<Dictionary<string, long>>(r.NullCritical) ?? [],
            r.Error))];
    }

    /// <summary>Whether a successful run of the pipeline finished within the day before <paramref name="deadline"/>.</summary>
    public async Task<bool> SucceededBeforeAsync(string pipelineId, Instant deadline, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var to = deadline.ToUnixTimeTicks();
        var from = (deadline - Duration.FromDays(1)).ToUnixTimeTicks();
        return await db.Runs.AnyAsync(r => r.PipelineId == pipelineId && r.State == RunStates.Succeeded && r.FinishedAt > from && r.FinishedAt <= to, cancellationToken);
    }

    /// <summary>The source file the pipeline's latest run is waiting for, with that run's id; null when it waits for none.</summary>
    public async Task<(string RunId, string File)?> WaitingForAsync(string pipelineId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var latest = await db.Runs.AsNoTracking().Where(r => r.PipelineId == pipelineId).OrderByDescending(r => r.UpdatedAt)
            .Select(r => new { r.RunId, r.WaitingFor }).FirstOrDefaultAsync(cancellationToken);
        return latest is { WaitingFor: { } file } ? (latest.RunId, file) : null;
    }

    internal static string Subject(long id) => IncidentNames.Id(id);

    /// <summary>What happened, in a few words: "failed", "broke the data-quality SLA", "no data by the deadline".</summary>
    public static string KindText(IncidentKind kind) => kind switch
    {
        IncidentKind.Failure => "failed",
        IncidentKind.DataQuality => "broke the data-quality SLA",
        _ => "no data by the deadline",
    };

    /// <summary>The clocks still open of the incidents, tracked: the aggregate closes them.</summary>
    private static Task<List<IncidentClockRow>> OpenClocksAsync(PipelineBotDbContext db, List<long> incidentIds, CancellationToken cancellationToken) =>
        db.IncidentClocks.Where(c => incidentIds.Contains(c.IncidentId) && c.ClosedAt == null).ToListAsync(cancellationToken);

    internal string NameOf(string memberId) => memberId == Bot ? "PipelineBot" : catalog.FindMember(memberId)?.Name ?? memberId;

    internal string NameOfPipeline(string pipelineId) => catalog.FindPipeline(pipelineId)?.Name ?? pipelineId;

    internal string Format(Instant instant) => calendar.Format(instant);

    private static readonly string Resolved = IncidentNames.Of(IncidentState.Resolved);

    private async Task ResolveBySuccessAsync(Pipeline pipeline, string runId, CancellationToken cancellationToken)
    {
        List<long> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var lateData = IncidentNames.Of(IncidentKind.LateData);
            var failure = IncidentNames.Of(IncidentKind.Failure);
            ids = await db.Incidents.Where(i => i.PipelineId == pipeline.Id && i.State != Resolved && ((i.Kind == failure && i.RunId == runId) || i.Kind == lateData))
                .Select(i => i.Id).ToListAsync(cancellationToken);
        }

        foreach (var id in ids)
        {
            await ResolveAsync(id, Bot, $"run {runId} of {pipeline.Name} succeeded", cancellationToken);
        }
    }

    /// <summary>The records of the pipeline's latest successful runs other than <paramref name="runId"/>, newest first, for its count checks.</summary>
    private async Task<IReadOnlyList<long>> EarlierRecordsAsync(string pipelineId, string runId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Runs.AsNoTracking()
            .Where(r => r.PipelineId == pipelineId && r.RunId != runId && r.State == RunStates.Succeeded && r.Records != null)
            .OrderByDescending(r => r.FinishedAt ?? r.UpdatedAt)
            .Take(CountChecks.History)
            .Select(r => r.Records!.Value)
            .ToListAsync(cancellationToken);
    }

    private async Task SaveRunAsync(string pipelineId, RunReport run, Instant at, Instant now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var turn = await writes.EnterAsync(cancellationToken);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var row = await db.Runs.FirstOrDefaultAsync(r => r.PipelineId == pipelineId && r.RunId == run.RunId, cancellationToken);
            if (row is null)
            {
                row = new RunRow { PipelineId = pipelineId, RunId = run.RunId, State = RunStates.Of(run.State) };
                db.Runs.Add(row);
            }

            row.State = RunStates.Of(run.State);
            row.LogicalDate = run.LogicalDate ?? row.LogicalDate;
            row.UpdatedAt = now.ToUnixTimeTicks();
            row.WaitingFor = run.State == RunState.Waiting ? run.WaitingFor : null;
            if (run.State == RunState.Started)
            {
                row.StartedAt = at.ToUnixTimeTicks();
            }
            else if (run.State == RunState.Waiting)
            {
                row.StartedAt ??= at.ToUnixTimeTicks();
            }
            else
            {
                row.FinishedAt = at.ToUnixTimeTicks();
            }

            row.Records = run.Records ?? row.Records;
            row.Dropped = run.Dropped ?? row.Dropped;
            row.NullCritical = run.NullCritical is { } nulls ? JsonSerializer.Serialize(nulls) : row.NullCritical;
            row.Error = run.Error is { } error ? Clip(error, 2000) : row.Error;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // Two events of one new run at once: the other inserted it; update it instead.
            }
        }
    }

    private static async Task<IReadOnlyList<IncidentDetails>> DetailsAsync(PipelineBotDbContext db, List<IncidentRow> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var subjects = ids.Select(Subject).ToList();
        var audit = await db.AuditEntries.AsNoTracking().Where(a => subjects.Contains(a.Subject)).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        var linked = await db.Incidents.AsNoTracking().Where(i => i.LinkedTo != null && ids.Contains(i.LinkedTo.Value)).ToListAsync(cancellationToken);
        var reruns = await db.Reruns.AsNoTracking().Where(r => r.IncidentId != null && ids.Contains(r.IncidentId.Value)).ToListAsync(cancellationToken);
        return [.. rows.Select(row =>
        {
            List<Incident> linkedHere = [.. linked.Where(l => l.LinkedTo == row.Id).OrderBy(l => l.Id).Select(Incident.From)];
            return new IncidentDetails(
                Incident.From(row),
                [.. audit.Where(a => a.Subject == Subject(row.Id)).Select(a => new TimelineEntry(Instant.FromUnixTimeTicks(a.At), a.Actor, a.Action, a.Detail))],
                linkedHere,
                linkedHere.Count,
                reruns.Where(r => r.IncidentId == row.Id).OrderByDescending(r => r.Id).Select(Rerun.From).FirstOrDefault());
        })];
    }

    private GroupCommit<(long Id, string MemberId), IncidentResult>? _acknowledgements;

    private GroupCommit<(long Id, string MemberId), IncidentResult> Acknowledgements =>
        LazyInitializer.EnsureInitialized(ref _acknowledgements, () => new(StoreAcknowledgementsAsync, 500));

    private async Task<IReadOnlyList<IncidentResult>> StoreAcknowledgementsAsync(IReadOnlyList<(long Id, string MemberId)> batch)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var turn = await writes.EnterAsync(CancellationToken.None);
            await using var db = await dbFactory.CreateDbContextAsync();
            List<long> ids = [.. batch.Select(a => a.Id).Distinct()];
            var rows = await db.Incidents.Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id);
            var clocks = await OpenClocksAsync(db, ids, CancellationToken.None);
            var incidents = new Dictionary<long, IncidentCase>();
            var now = Now();
            var results = new List<IncidentResult>();
            foreach (var (id, memberId) in batch)
            {
                if (!rows.TryGetValue(id, out var row))
                {
                    results.Add(new IncidentResult(new NoSuchIncident(id), null));
                    continue;
                }

                // One incident clicked twice in a batch: the second asks the aggregate the first changed.
                if (!incidents.TryGetValue(id, out var incident))
                {
                    incidents[id] = incident = IncidentRows.Load(row, clocks);
                }

                var outcome = incident.Acknowledge(memberId, now);
                if (outcome.Changed)
                {
                    IncidentRows.Save(db, incident, row, clocks);
                    db.Audit(now, memberId, "acknowledged", Subject(id), $"{NameOf(memberId)} acknowledged {IncidentNames.Id(id)}");
                    db.CardChanged(now, IncidentCards.Key(id));
                }

                results.Add(new IncidentResult(outcome, Incident.From(row)));
            }

            if (await TrySaveAsync(db, attempt, CancellationToken.None))
            {
                return results;
            }
        }
    }

    private static async Task<bool> TrySaveAsync(PipelineBotDbContext db, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException) when (attempt < 3)
        {
            // Someone else changed the incident first: read it again and answer from what they did.
            return false;
        }
    }

    internal static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static Instant? At(long? ticks) => ticks is { } t ? Instant.FromUnixTimeTicks(t) : null;

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());
}

/// <summary>What opens an incident, from whichever source.</summary>
internal sealed record Opening(
    Pipeline Pipeline,
    string RunId,
    IncidentKind Kind,
    string Summary,
    string? Detail,
    string? LogicalDate,
    string? DagId,
    string? TaskId,
    string? LogUrl,
    Instant OccurredAt,
    Instant? MissedDeadline);

/// <summary>The stored names of run states.</summary>
internal static class RunStates
{
    public const string Succeeded = "succeeded";

    public static string Of(RunState state) => state.ToString().ToLowerInvariant();
}
