using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Domain.Sla;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Infrastructure.Incidents;

/// <summary>
/// Fires the incidents' SLA clocks when they come due (the reminder, escalation on an ack or resolve breach, the late-data
/// notices) and checks each data deadline once. A clock is claimed by closing it in the same transaction as its effects:
/// a restart, even a kill, neither loses nor repeats one, and a clock that came due while the bot was down fires on the
/// first sweep after it is back.
/// </summary>
public sealed class IncidentClocks(
    IDbContextFactory<PipelineBotDbContext> dbFactory,
    WriteGate writes,
    Catalog catalog,
    SlaPolicy sla,
    BusinessHours hours,
    IncidentService incidents,
    ScheduleService schedule,
    TimeProvider time)
{
    /// <summary>How many due clocks one query takes.</summary>
    public const int Batch = 100;

    /// <summary>How long a pipeline that stopped reporting runs is still watched for late data.</summary>
    public static readonly Duration WatchedFor = Duration.FromDays(7);

    /// <summary>Fires the clocks due by now, at most <see cref="Batch"/>; returns how many were due.</summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken)
    {
        var now = Now().ToUnixTimeTicks();
        List<long> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.IncidentClocks.Where(c => c.ClosedAt == null && c.DueAt <= now).OrderBy(c => c.DueAt).Select(c => c.Id).Take(Batch).ToListAsync(cancellationToken);
        }

        // Instances that wake at the same instant race for the same clocks; each taking them in its own order lets them
        // fire different ones instead of queueing on one row's lock and finding it claimed.
        Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(due));
        // Each clock is its own transaction; where the database takes writers side by side, a few go at once, so one slow
        // commit does not make every clock due behind it late.
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = writes.Writers, CancellationToken = cancellationToken }, FireAsync);

        return due.Count;
    }

    /// <summary>When the earliest open clock is due, if any is open.</summary>
    public async Task<Instant?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var due = await db.IncidentClocks.Where(c => c.ClosedAt == null).OrderBy(c => c.DueAt).Select(c => (long?)c.DueAt).FirstOrDefaultAsync(cancellationToken);
        return due is { } ticks ? Instant.FromUnixTimeTicks(ticks) : null;
    }

    /// <summary>The next data deadline after now.</summary>
    public Instant NextDeadline() => DataDeadlines.NextDeadline(Now(), sla, hours);

    /// <summary>
    /// Checks the latest data deadline, once: every pipeline that reported runs lately and has no successful run in
    /// the day before it gets a late-data incident. Returns the incidents opened.
    /// </summary>
    public async Task<IReadOnlyList<long>> CheckDeadlineAsync(CancellationToken cancellationToken)
    {
        var now = Now();
        if (DataDeadlines.LastDeadline(now, sla, hours) is not { } deadline)
        {
            return [];
        }

        var ticks = deadline.ToUnixTimeTicks();
        List<string> watched;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.DeadlineChecks.AnyAsync(d => d.Deadline == ticks, cancellationToken))
            {
                return [];
            }

            db.DeadlineChecks.Add(new DeadlineCheckRow { Deadline = ticks, CheckedAt = now.ToUnixTimeTicks() });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another instance claimed this deadline first.
                return [];
            }

            var since = (deadline - WatchedFor).ToUnixTimeTicks();
            watched = await db.Runs.Where(r => r.UpdatedAt > since && r.UpdatedAt <= ticks).Select(r => r.PipelineId).Distinct().ToListAsync(cancellationToken);
        }

        var opened = new List<long>();
        var day = DataDeadlines.BusinessDayOf(deadline, sla);
        foreach (var pipeline in watched.Select(catalog.FindPipeline).OfType<Pipeline>())
        {
            if (await incidents.SucceededBeforeAsync(pipeline.Id, deadline, cancellationToken))
            {
                continue;
            }

            var summary = $"No successful run of {pipeline.Name} by the data deadline, {incidents.Format(deadline)}.";
            if (await incidents.WaitingForAsync(pipeline.Id, cancellationToken) is { } waiting)
            {
                summary += $" Run {waiting.RunId} is waiting for its source file {waiting.File}.";
                summary += string.Concat(pipeline.ExternalContacts.Select(id => catalog.ExternalContacts.FirstOrDefault(c => c.Id == id)).OfType<ExternalContact>()
                    .Select(c => $" Per the runbook, contact {c.Name} ({c.Organization}) when {c.When}."));
            }

            var result = await incidents.OpenAsync(
                new Opening(pipeline, $"late:{day:yyyy-MM-dd}", IncidentKind.LateData,
                    summary, null, $"{day:yyyy-MM-dd}",
                    pipeline.Orchestrator?.DagId, null, null, deadline, deadline),
                cancellationToken);
            if (result is { Created: true, IncidentId: { } id })
            {
                opened.Add(id);
            }
        }

        return opened;
    }

    private async ValueTask FireAsync(long clockId, CancellationToken cancellationToken)
    {
        var now = Now();
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.IncidentClocks.Where(c => c.Id == clockId && c.ClosedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClosedAt, now.ToUnixTimeTicks()).SetProperty(c => c.Outcome, IncidentRows.Fired), cancellationToken);
        if (claimed == 0)
        {
            return;
        }

        var incidentId = await db.IncidentClocks.Where(c => c.Id == clockId).Select(c => c.IncidentId).FirstAsync(cancellationToken);
        var row = await db.Incidents.FirstAsync(i => i.Id == incidentId, cancellationToken);
        var clocks = await db.IncidentClocks.Where(c => c.IncidentId == incidentId && (c.ClosedAt == null || c.Id == clockId)).ToListAsync(cancellationToken);

        // The claimed clock is handed to the incident as still open: the incident decides what firing it does.
        var incident = IncidentRows.Load(row, clocks, claimed: clockId);
        var onCall = (await schedule.OnCallAtAsync(now, cancellationToken)).MemberId;
        var outcome = incident.Fire(incident.Clocks.First(c => c.Id == clockId), now, catalog, onCall, sla);
        IncidentRows.Save(db, incident, row, clocks);
        if (catalog.FindPipeline(row.PipelineId) is { } pipeline)
        {
            Record(db, outcome, row.Id, pipeline, now);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The incident changed under us (acknowledged, resolved): give the clock back; the next sweep sees the new state.
            await transaction.RollbackAsync(cancellationToken);
            return;
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The audit entry and notices of what a clock did.</summary>
    private void Record(PipelineBotDbContext db, IncidentOutcome outcome, long id, Pipeline pipeline, Instant now)
    {
        var subject = IncidentService.Subject(id);
        var about = new JsonObject { ["incident"] = id, ["pipeline"] = pipeline.Id };
        switch (outcome)
        {
            case Reminded reminded:
                db.Audit(now, IncidentService.Bot, "reminded", subject, $"Reminder sent to {incidents.NameOf(reminded.OnCall)}: not acknowledged; escalates at {incidents.Format(reminded.EscalatesAt)}");
                db.Notify(now, Journal.Team, NoticeContent.Of(NoticeKinds.IncidentReminder, With(about, ("escalatesAt", reminded.EscalatesAt.ToUnixTimeTicks())), reminded.OnCall));
                break;
            case Escalated escalated:
                var why = SlaText.Breach(escalated.Why, escalated.Limit);
                db.Audit(now, IncidentService.Bot, "escalated", subject, $"SLA breached ({why}): escalated to {Names(escalated.Paged, "nobody")}; told {Names(escalated.Told, "no downstream lead")}");
                var breach = With(about, ("breach", escalated.Why == Breach.Ack ? "ack" : "resolve"), ("limitMinutes", escalated.Limit.TotalMinutes));
                db.Notify(now, Journal.Team, NoticeContent.Of(NoticeKinds.IncidentEscalated, breach, escalated.Paged));
                foreach (var lead in escalated.Told)
                {
                    db.Notify(now, lead, NoticeContent.Of(NoticeKinds.IncidentBreachTold, breach));
                }

                db.CardChanged(now, IncidentCards.Key(id));
                break;
            case StakeholdersTold told:
                db.Audit(now, IncidentService.Bot, "stakeholders-notified", subject, $"Data {SlaText.Hours(told.Late)} late: told {Names(told.Leads, "the team")}");
                var late = With(about, ("delayMinutes", told.Delay.TotalMinutes));
                db.Notify(now, Journal.Team, NoticeContent.Of(NoticeKinds.DataLate, With(late, ("leads", new JsonArray([.. told.Leads.Select(l => JsonValue.Create(l))])))));
                foreach (var lead in told.Leads)
                {
                    db.Notify(now, lead, NoticeContent.Of(NoticeKinds.DataLateTold, late));
                }

                db.CardChanged(now, IncidentCards.Key(id));
                break;
            case ExternalContactPrompted prompted:
                var who = string.Join(", ", prompted.Contacts.Select(c => c.Email is null ? $"{c.Name} ({c.Organization})" : $"{c.Name} ({c.Organization}, {c.Email})"));
                db.Audit(now, IncidentService.Bot, "external-contact-prompted", subject, $"Prompted {incidents.NameOf(prompted.OnCall)} to contact {who}");
                var contacts = new JsonArray([.. prompted.Contacts.Select(c => JsonValue.Create(c.Id))]);
                db.Notify(now, Journal.Team, NoticeContent.Of(NoticeKinds.ExternalContact, With(about, ("delayMinutes", prompted.Delay.TotalMinutes), ("contacts", contacts)), prompted.OnCall));
                db.CardChanged(now, IncidentCards.Key(id));
                break;
        }
    }

    /// <summary>A copy of <paramref name="data"/> with <paramref name="values"/> added.</summary>
    private static JsonObject With(JsonObject data, params (string Name, JsonNode? Value)[] values)
    {
        var copy = data.DeepClone().AsObject();
        foreach (var (name, value) in values)
        {
            copy[name] = value;
        }

        return copy;
    }

    private string Names(IReadOnlyList<string> ids, string none) => ids.Count == 0 ? none : string.Join(", ", ids.Select(incidents.NameOf));

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
