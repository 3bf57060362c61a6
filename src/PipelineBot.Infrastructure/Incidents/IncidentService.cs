using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Domain.Sla;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Infrastructure.Incidents;

/// <summary>The answer to an acknowledgement or resolution: whether it changed anything, and words for the person who asked.</summary>
public sealed record IncidentResult(bool Changed, string Message, Incident? Incident);

/// <summary>
/// Incidents (PRODUCT §4): intake of alerts and run events, acknowledgement and resolution. An incident is one per
/// (pipeline, run id), stored with its SLA clocks, audit entry and the team notice that posts its card, in one
/// transaction, before intake answers. Acknowledgements and resolutions are guarded by the row's version, so of two
/// at the same moment exactly one is recorded and the other is told who was first.
/// </summary>
public sealed class IncidentService(
    IDbContextFactory<PipelineBotDbContext> dbFactory, WriteGate writes, BotSettings settings, ScheduleService schedule, TimeProvider time)
{
    /// <summary>The actor of what the bot does by itself (escalations, automatic resolution).</summary>
    public const string Bot = "pipelinebot";

    private Catalog Catalog => settings.Catalog;

    public async Task<IntakeResult> ReportAlertAsync(AlertReport alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var pipeline = Catalog.FindPipeline(alert.Pipeline) ?? throw new ArgumentException($"Unknown pipeline '{alert.Pipeline}'.", nameof(alert));
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
        var pipeline = Catalog.FindPipeline(run.Pipeline) ?? throw new ArgumentException($"Unknown pipeline '{run.Pipeline}'.", nameof(run));
        var now = Now();
        var at = run.At ?? now;
        await SaveRunAsync(pipeline.Id, run, at, now, cancellationToken);

        var quality = DataQuality.Check(run.Records, run.Dropped, run.NullCritical, pipeline.CriticalFields, settings.Sla);
        var result = new IntakeResult(null, false);
        if (run.State == RunState.Failed)
        {
            result = await OpenAsync(
                new Opening(pipeline, run.RunId, IncidentKind.Failure, run.Error ?? "The run failed (no error was reported).", null, run.LogicalDate,
                    pipeline.Orchestrator?.DagId, null, null, at, null),
                cancellationToken);
        }

        if (quality.Breached)
        {
            var opened = await OpenAsync(
                new Opening(pipeline, run.RunId, IncidentKind.DataQuality, $"Data-quality SLA broken: {quality.Summary}", null, run.LogicalDate,
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

    public async Task<IncidentResult> AcknowledgeAsync(long id, string memberId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var turn = await writes.EnterAsync(cancellationToken);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var row = await db.Incidents.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
            if (row is null)
            {
                return Unknown(id);
            }

            if (row.State != Open)
            {
                return new IncidentResult(false, AlreadyMessage(row), Incident.From(row));
            }

            var now = Now();
            row.State = Acknowledged;
            row.AcknowledgedBy = memberId;
            row.AcknowledgedAt = now.ToUnixTimeTicks();
            row.Version++;
            await CloseClocksAsync(db, [id], now, cancellationToken, ClockKinds.AckReminder, ClockKinds.AckDeadline);
            db.Audit(now, memberId, "acknowledged", Subject(id), $"{NameOf(memberId)} acknowledged {IncidentNames.Id(id)}");
            db.CardChanged(now, IncidentCards.Key(id));
            if (await TrySaveAsync(db, attempt, cancellationToken))
            {
                return new IncidentResult(true, $"{IncidentNames.Id(id)} acknowledged by {NameOf(memberId)} at {Format(now)}. The resolve clock still runs: due {Format(Instant.FromUnixTimeTicks(row.ResolveDueAt))}.", Incident.From(row));
            }
        }
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
                return Unknown(id);
            }

            if (row.State == Resolved)
            {
                return new IncidentResult(false, AlreadyMessage(row), Incident.From(row));
            }

            var now = Now();
            var linked = await db.Incidents.Where(i => i.LinkedTo == id && i.State != Resolved).ToListAsync(cancellationToken);
            foreach (var incident in linked.Prepend(row))
            {
                incident.State = Resolved;
                incident.ResolvedBy = actor;
                incident.ResolvedAt = now.ToUnixTimeTicks();
                incident.Resolution = incident == row ? resolution : $"resolved with {IncidentNames.Id(id)}: {resolution}";
                incident.Version++;
                db.Audit(now, actor, "resolved", Subject(incident.Id), $"{NameOf(actor)} resolved {IncidentNames.Id(incident.Id)}: {incident.Resolution}");
                db.CardChanged(now, IncidentCards.Key(incident.Id));
            }

            await CloseClocksAsync(db, [.. linked.Select(i => i.Id).Prepend(id)], now, cancellationToken);
            if (await TrySaveAsync(db, attempt, cancellationToken))
            {
                return new IncidentResult(true, $"{IncidentNames.Id(id)} resolved by {NameOf(actor)} at {Format(now)}: {resolution}", Incident.From(row));
            }
        }
    }

    public async Task<IncidentDetails?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        return row is null ? null : (await DetailsAsync(db, [row], cancellationToken))[0];
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

    /// <summary>
    /// Opens an incident, or finds the one of the same pipeline and run. An incident whose pipeline, or a pipeline
    /// upstream of it, already has one open is linked to that one and pages nobody: no card, no ack clock.
    /// </summary>
    internal async Task<IntakeResult> OpenAsync(Opening opening, CancellationToken cancellationToken)
    {
        var pipeline = opening.Pipeline;
        var runId = opening.RunId;
        await using (var read = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await read.Incidents.AsNoTracking().Where(i => i.PipelineId == pipeline.Id && i.RunId == runId).Select(i => (long?)i.Id).FirstOrDefaultAsync(cancellationToken) is { } known)
            {
                return new IntakeResult(known, false);
            }
        }

        var now = Now();
        var onCall = (await schedule.OnCallAtAsync(now, cancellationToken)).MemberId;
        var parent = await OpenUpstreamIncidentAsync(pipeline, cancellationToken);
        var sla = settings.Sla;
        var hours = settings.BusinessHours;
        var ackStart = hours.ClockStart(now);
        var row = new IncidentRow
        {
            PipelineId = pipeline.Id,
            RunId = runId,
            Kind = IncidentNames.Of(opening.Kind),
            Summary = Clip(opening.Summary, 2000),
            Detail = opening.Detail,
            LogicalDate = opening.LogicalDate,
            DagId = opening.DagId,
            TaskId = opening.TaskId,
            LogUrl = opening.LogUrl,
            OccurredAt = opening.OccurredAt.ToUnixTimeTicks(),
            OpenedAt = now.ToUnixTimeTicks(),
            AckClockStart = ackStart.ToUnixTimeTicks(),
            AckDueAt = hours.Add(ackStart, sla.AckTimeout).ToUnixTimeTicks(),
            ResolveDueAt = (now + sla.ResolveTimeout).ToUnixTimeTicks(),
            State = Open,
            PagedMemberId = parent is null ? onCall : null,
            MissedDeadline = opening.MissedDeadline?.ToUnixTimeTicks(),
            LinkedTo = parent?.Id,
        };

        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Incidents.Add(row);
        try
        {
            // Saved first, in the transaction: the id names the incident in its clocks, audit entry and notice.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique (pipeline, run) index: the same alert arrived at the same moment and was stored first.
            await transaction.RollbackAsync(cancellationToken);
            await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
            var first = await again.Incidents.AsNoTracking().Where(i => i.PipelineId == pipeline.Id && i.RunId == runId).Select(i => (long?)i.Id).FirstOrDefaultAsync(cancellationToken);
            return first is { } id ? new IntakeResult(id, false) : throw new InvalidOperationException($"Incident for {pipeline.Id} run {runId} could not be stored.");
        }

        var name = IncidentNames.Id(row.Id);
        var what = $"{pipeline.Name} run {runId}: {KindText(opening.Kind)}";
        db.Audit(now, Bot, "opened", Subject(row.Id), $"{name} opened: {what}. {Clip(opening.Summary, 300)}");
        if (parent is null)
        {
            AddClock(db, row.Id, ClockKinds.AckReminder, hours.Add(ackStart, sla.AckTimeout - sla.ReminderBefore));
            AddClock(db, row.Id, ClockKinds.AckDeadline, Instant.FromUnixTimeTicks(row.AckDueAt));
            AddClock(db, row.Id, ClockKinds.ResolveDeadline, Instant.FromUnixTimeTicks(row.ResolveDueAt));
            // The people paged come last, each with why: a line of names before the news reads as noise.
            var paged = onCall == pipeline.PrimaryOwner
                ? $"{Mention(onCall)} (on call and primary owner)"
                : $"{Mention(onCall)} (on call), {Mention(pipeline.PrimaryOwner)} (primary owner)";
            var when = ackStart > now ? $" Outside business hours: the ack clock starts {Format(ackStart)}." : "";
            db.Notify(now, Journal.Team, $"{name} · {what}. {Inert(Clip(opening.Summary, 300))}{when}\nPaged: {paged}.", IncidentCards.Key(row.Id));
        }
        else
        {
            db.Audit(now, Bot, "linked", Subject(row.Id), $"{name} linked to {IncidentNames.Id(parent.Id)} ({NameOfPipeline(parent.PipelineId)}), open upstream: not paged again");
            db.Audit(now, Bot, "linked", Subject(parent.Id), $"{name} ({what}) linked to {IncidentNames.Id(parent.Id)}");
            db.CardChanged(now, IncidentCards.Key(parent.Id));
        }

        if (opening.MissedDeadline is { } deadline)
        {
            AddClock(db, row.Id, ClockKinds.Stakeholders, deadline + sla.StakeholderDelay);
            if (pipeline.ExternalContacts.Count > 0)
            {
                AddClock(db, row.Id, ClockKinds.ExternalContact, deadline + sla.ExternalContactDelay);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new IntakeResult(row.Id, true);
    }

    internal static string Subject(long id) => IncidentNames.Id(id);

    internal static string Mention(string memberId) => $"@{{{memberId}}}";

    /// <summary>Text from outside (alerts, runs) with every <c>@</c> made inert, so it can never mention anyone or the channel.</summary>
    internal static string Inert(string text) => text.Replace("@", "@\u2060", StringComparison.Ordinal);

    /// <summary>What happened, in a few words: "failed", "broke the data-quality SLA", "no data by the deadline".</summary>
    public static string KindText(IncidentKind kind) => kind switch
    {
        IncidentKind.Failure => "failed",
        IncidentKind.DataQuality => "broke the data-quality SLA",
        _ => "no data by the deadline",
    };

    internal static async Task CloseClocksAsync(PipelineBotDbContext db, List<long> incidentIds, Instant now, CancellationToken cancellationToken, params string[] kinds)
    {
        var clocks = await db.IncidentClocks.Where(c => incidentIds.Contains(c.IncidentId) && c.ClosedAt == null).ToListAsync(cancellationToken);
        foreach (var clock in clocks.Where(c => kinds.Length == 0 || kinds.Contains(c.Kind)))
        {
            clock.ClosedAt = now.ToUnixTimeTicks();
            clock.Outcome = ClockKinds.Moot;
        }
    }

    internal string NameOf(string memberId) => memberId == Bot ? "PipelineBot" : Catalog.FindMember(memberId)?.Name ?? memberId;

    internal string NameOfPipeline(string pipelineId) => Catalog.FindPipeline(pipelineId)?.Name ?? pipelineId;

    internal string Format(Instant instant) => settings.ShiftCalendar.Format(instant);

    private const string Open = "open";
    private const string Acknowledged = "acknowledged";
    private const string Resolved = "resolved";

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
            if (run.State == RunState.Started)
            {
                row.StartedAt = at.ToUnixTimeTicks();
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

    /// <summary>The open incident of the pipeline itself or of a pipeline upstream of it (nearest first), if any.</summary>
    private async Task<IncidentRow?> OpenUpstreamIncidentAsync(Pipeline pipeline, CancellationToken cancellationToken)
    {
        var lineage = new List<string>();
        var queue = new Queue<string>([pipeline.Id]);
        while (queue.TryDequeue(out var id))
        {
            if (lineage.Contains(id, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            lineage.Add(id);
            foreach (var upstream in Catalog.FindPipeline(id)?.Upstream ?? [])
            {
                queue.Enqueue(upstream);
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var open = await db.Incidents.AsNoTracking().Where(i => lineage.Contains(i.PipelineId) && i.State != Resolved && i.LinkedTo == null).ToListAsync(cancellationToken);
        return open.OrderBy(i => lineage.IndexOf(i.PipelineId)).ThenBy(i => i.Id).FirstOrDefault();
    }

    private static async Task<IReadOnlyList<IncidentDetails>> DetailsAsync(PipelineBotDbContext db, List<IncidentRow> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var subjects = ids.Select(Subject).ToList();
        var audit = await db.AuditEntries.AsNoTracking().Where(a => subjects.Contains(a.Subject)).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        var linked = await db.Incidents.AsNoTracking().Where(i => i.LinkedTo != null && ids.Contains(i.LinkedTo.Value)).ToListAsync(cancellationToken);
        var reruns = await db.Reruns.AsNoTracking().Where(r => r.IncidentId != null && ids.Contains(r.IncidentId.Value)).ToListAsync(cancellationToken);
        return [.. rows.Select(row => new IncidentDetails(
            Incident.From(row),
            [.. audit.Where(a => a.Subject == Subject(row.Id)).Select(a => new TimelineEntry(Instant.FromUnixTimeTicks(a.At), a.Actor, a.Action, a.Detail))],
            [.. linked.Where(l => l.LinkedTo == row.Id).OrderBy(l => l.Id).Select(Incident.From)],
            reruns.Where(r => r.IncidentId == row.Id).OrderByDescending(r => r.Id).Select(Rerun.From).FirstOrDefault()))];
    }

    private static void AddClock(PipelineBotDbContext db, long incidentId, string kind, Instant due) =>
        db.IncidentClocks.Add(new IncidentClockRow { IncidentId = incidentId, Kind = kind, DueAt = due.ToUnixTimeTicks() });

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

    private string AlreadyMessage(IncidentRow row) => row.State == Resolved
        ? $"{IncidentNames.Id(row.Id)} is already resolved (by {NameOf(row.ResolvedBy ?? Bot)} at {Format(Instant.FromUnixTimeTicks(row.ResolvedAt ?? row.OpenedAt))}); nothing changed."
        : $"{IncidentNames.Id(row.Id)} was already acknowledged by {NameOf(row.AcknowledgedBy ?? Bot)} at {Format(Instant.FromUnixTimeTicks(row.AcknowledgedAt ?? row.OpenedAt))}; nothing changed.";

    private static IncidentResult Unknown(long id) => new(false, $"There is no incident {IncidentNames.Id(id)}; nothing changed.", null);

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

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

/// <summary>The kinds of SLA clock and how a closed one ended.</summary>
internal static class ClockKinds
{
    public const string AckReminder = "ack-reminder";
    public const string AckDeadline = "ack-deadline";
    public const string ResolveDeadline = "resolve-deadline";
    public const string Stakeholders = "stakeholders";
    public const string ExternalContact = "external-contact";

    public const string Fired = "fired";
    public const string Moot = "moot";
}

/// <summary>The stored names of run states.</summary>
internal static class RunStates
{
    public const string Succeeded = "succeeded";

    public static string Of(RunState state) => state.ToString().ToLowerInvariant();
}
