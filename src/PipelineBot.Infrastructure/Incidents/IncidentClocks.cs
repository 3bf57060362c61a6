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

/// <summary>
/// Fires the incidents' SLA clocks when they come due (the reminder, escalation on an ack or resolve breach, the late-data
/// notices) and checks each data deadline once. A clock is claimed by closing it in the same transaction as its effects:
/// a restart, even a kill, neither loses nor repeats one, and a clock that came due while the bot was down fires on the
/// first sweep after it is back.
/// </summary>
public sealed class IncidentClocks(
    IDbContextFactory<PipelineBotDbContext> dbFactory, WriteGate writes, BotSettings settings, IncidentService incidents, ScheduleService schedule, TimeProvider time)
{
    private const int Batch = 100;

    /// <summary>How long a pipeline that stopped reporting runs is still watched for late data.</summary>
    public static readonly Duration WatchedFor = Duration.FromDays(7);

    private Catalog Catalog => settings.Catalog;

    /// <summary>Fires every clock due by now; returns how many fired or were found moot.</summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken)
    {
        var now = Now().ToUnixTimeTicks();
        List<long> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.IncidentClocks.Where(c => c.ClosedAt == null && c.DueAt <= now).OrderBy(c => c.DueAt).Select(c => c.Id).Take(Batch).ToListAsync(cancellationToken);
        }

        var fired = 0;
        foreach (var id in due)
        {
            fired += await FireAsync(id, cancellationToken) ? 1 : 0;
        }

        return fired;
    }

    /// <summary>
    /// Checks the latest data deadline, once: every pipeline that reported runs lately and has no successful run in
    /// the day before it gets a late-data incident. Returns the incidents opened.
    /// </summary>
    public async Task<IReadOnlyList<long>> CheckDeadlineAsync(CancellationToken cancellationToken)
    {
        var now = Now();
        if (DataDeadlines.LastDeadline(now, settings.Sla, settings.BusinessHours) is not { } deadline)
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
        var day = DataDeadlines.BusinessDayOf(deadline, settings.Sla);
        foreach (var pipeline in watched.Select(Catalog.FindPipeline).OfType<Pipeline>())
        {
            if (await incidents.SucceededBeforeAsync(pipeline.Id, deadline, cancellationToken))
            {
                continue;
            }

            var result = await incidents.OpenAsync(
                new Opening(pipeline, $"late:{day:yyyy-MM-dd}", IncidentKind.LateData,
                    $"No successful run of {pipeline.Name} by the data deadline, {incidents.Format(deadline)}.", null, $"{day:yyyy-MM-dd}",
                    pipeline.Orchestrator?.DagId, null, null, deadline, deadline),
                cancellationToken);
            if (result is { Created: true, IncidentId: { } id })
            {
                opened.Add(id);
            }
        }

        return opened;
    }

    private async Task<bool> FireAsync(long clockId, CancellationToken cancellationToken)
    {
        var now = Now();
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.IncidentClocks.Where(c => c.Id == clockId && c.ClosedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClosedAt, now.ToUnixTimeTicks()).SetProperty(c => c.Outcome, ClockKinds.Fired), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        var clock = await db.IncidentClocks.AsNoTracking().FirstAsync(c => c.Id == clockId, cancellationToken);
        var incident = await db.Incidents.FirstAsync(i => i.Id == clock.IncidentId, cancellationToken);
        var fired = await ApplyAsync(db, clock.Kind, incident, now, cancellationToken);
        if (!fired)
        {
            await db.IncidentClocks.Where(c => c.Id == clockId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Outcome, ClockKinds.Moot), cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The incident changed under us (acknowledged, resolved): give the clock back; the next sweep sees the new state.
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The clock's effect on the incident as it is now; false when the incident moved on and there is none.</summary>
    private async Task<bool> ApplyAsync(PipelineBotDbContext db, string kind, IncidentRow incident, Instant now, CancellationToken cancellationToken)
    {
        var state = Enum.Parse<IncidentState>(incident.State, ignoreCase: true);
        var pipeline = Catalog.FindPipeline(incident.PipelineId);
        if (pipeline is null || state == IncidentState.Resolved)
        {
            return false;
        }

        var name = IncidentNames.Id(incident.Id);
        var subject = IncidentService.Subject(incident.Id);
        var onCall = (await schedule.OnCallAtAsync(now, cancellationToken)).MemberId;
        switch (kind)
        {
            case ClockKinds.AckReminder when state == IncidentState.Open:
                var due = Instant.FromUnixTimeTicks(incident.AckDueAt);
                db.Audit(now, IncidentService.Bot, "reminded", subject, $"Reminder sent to {incidents.NameOf(onCall)}: not acknowledged; escalates at {incidents.Format(due)}");
                db.Notify(now, Journal.Team, $"{IncidentService.Mention(onCall)} Reminder: {name} ({pipeline.Name}) is not acknowledged. It escalates at {incidents.Format(due)}.", null);
                return true;
            case ClockKinds.AckDeadline when state == IncidentState.Open:
                incident.AckBreachedAt = now.ToUnixTimeTicks();
                Escalate(db, incident, pipeline, now, $"not acknowledged within {Minutes(settings.Sla.AckTimeout)} of business hours");
                return true;
            case ClockKinds.ResolveDeadline:
                incident.ResolveBreachedAt = now.ToUnixTimeTicks();
                Escalate(db, incident, pipeline, now, $"not resolved within {Hours(settings.Sla.ResolveTimeout)} of detection");
                return true;
            case ClockKinds.Stakeholders:
                var late = Hours(now - Instant.FromUnixTimeTicks(incident.MissedDeadline ?? incident.OpenedAt));
                var leads = LeadsOf(pipeline);
                db.Audit(now, IncidentService.Bot, "stakeholders-notified", subject, $"Data {late} late: told {Names(leads, "the team")}");
                db.Notify(now, Journal.Team, $"{name}: {pipeline.Name} data is more than {Hours(settings.Sla.StakeholderDelay)} late. Downstream stakeholders have been told: {Names(leads, "none recorded")}.", null);
                foreach (var lead in leads)
                {
                    db.Notify(now, lead, $"{pipeline.Name} data is more than {Hours(settings.Sla.StakeholderDelay)} late ({name}). The on-call team is on it; I'll update the incident card.", null);
                }

                db.CardChanged(now, IncidentCards.Key(incident.Id));
                return true;
            case ClockKinds.ExternalContact:
                var contacts = pipeline.ExternalContacts.Select(id => Catalog.ExternalContacts.FirstOrDefault(c => c.Id == id)).OfType<ExternalContact>().ToList();
                var who = string.Join(", ", contacts.Select(c => c.Email is null ? $"{c.Name} ({c.Organization})" : $"{c.Name} ({c.Organization}, {c.Email})"));
                db.Audit(now, IncidentService.Bot, "external-contact-prompted", subject, $"Prompted {incidents.NameOf(onCall)} to contact {who}");
                db.Notify(now, Journal.Team, $"{IncidentService.Mention(onCall)} {name}: {pipeline.Name} data is {Days(settings.Sla.ExternalContactDelay)} late. Per the runbook, contact {who}.", null);
                db.CardChanged(now, IncidentCards.Key(incident.Id));
                return true;
            default:
                return false;
        }
    }

    /// <summary>A breach (PRODUCT §4): the secondary owner and the Data Engineering Manager are paged, the downstream leads told.</summary>
    private void Escalate(PipelineBotDbContext db, IncidentRow incident, Pipeline pipeline, Instant now, string why)
    {
        var name = IncidentNames.Id(incident.Id);
        var managers = Catalog.WithRole(Roles.Manager).Select(m => m.Id).ToList();
        var paged = managers.Prepend(pipeline.SecondaryOwner).Distinct(StringComparer.Ordinal).ToList();
        var leads = LeadsOf(pipeline);
        incident.Version++;
        db.Audit(now, IncidentService.Bot, "escalated", IncidentService.Subject(incident.Id), $"SLA breached ({why}): escalated to {Names(paged, "nobody")}; told {Names(leads, "no downstream lead")}");
        db.Notify(now, Journal.Team, $"{string.Join(' ', paged.Select(IncidentService.Mention))} {name} ({pipeline.Name}) breached its SLA: {why}. Escalated to you.", null);
        foreach (var lead in leads)
        {
            db.Notify(now, lead, $"{name}: {pipeline.Name} breached its SLA ({why}). Your team's data may be affected; the incident card has the latest.", null);
        }

        db.CardChanged(now, IncidentCards.Key(incident.Id));
    }

    private List<string> LeadsOf(Pipeline pipeline) =>
        [.. Catalog.DownstreamTeams.Where(t => t.Id == pipeline.DownstreamTeam).SelectMany(t => t.Leads).Distinct(StringComparer.Ordinal)];

    private string Names(List<string> ids, string none) => ids.Count == 0 ? none : string.Join(", ", ids.Select(incidents.NameOf));

    private static string Minutes(Duration d) => $"{d.TotalMinutes:0.#} min";

    private static string Hours(Duration d) => d.TotalHours < 1 ? Minutes(d) : $"{d.TotalHours:0.#} h";

    private static string Days(Duration d) => d.TotalDays < 1 ? Hours(d) : $"{d.TotalDays:0.#} days";

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
