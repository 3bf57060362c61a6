using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using PipelineBot.Domain.Incidents;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Incidents;

/// <summary>
/// Opening incidents by group commit (<see cref="GroupCommit{TRequest, TAnswer}"/>): an alert is answered only once its
/// incident is stored, and in a storm (a warehouse outage fails hundreds of tasks at once) the openings waiting are
/// stored together: one check for known runs per pipeline, one read of the open incidents, one commit.
/// </summary>
public sealed partial class IncidentService
{
    /// <summary>The most openings stored by one commit: enough for a storm, small enough to keep a commit short.</summary>
    private const int MostPerCommit = 500;

    /// <summary>The key of PostgreSQL's advisory lock that queues incident openings across instances.</summary>
    private const long OpeningLock = 0x5069_7065_4f70_656e;

    private GroupCommit<Opening, IntakeResult>? _openings;

    private GroupCommit<Opening, IntakeResult> Openings => LazyInitializer.EnsureInitialized(ref _openings, () => new(StoreAsync, MostPerCommit));

    /// <summary>
    /// Opens an incident, or finds the one of the same pipeline and run. An incident whose pipeline, or a pipeline
    /// upstream of it, already has one open is linked to that one and pages nobody: no card, no ack clock.
    /// </summary>
    internal Task<IntakeResult> OpenAsync(Opening opening, CancellationToken cancellationToken) => Openings.StoreAsync(opening, cancellationToken);

    /// <summary>Stores a batch of openings in one transaction and answers each.</summary>
    private async Task<IReadOnlyList<IntakeResult>> StoreAsync(IReadOnlyList<Opening> batch)
    {
        var now = Now();
        var onCall = (await schedule.OnCallAtAsync(now, CancellationToken.None)).MemberId;

        using var turn = await writes.EnterAsync(CancellationToken.None);
        await using var db = await dbFactory.CreateDbContextAsync();

        // Rows are only added here, never changed after, so nothing needs the change tracker's scan of every tracked row
        // at each save: with a batch of hundreds that scan was a tenth of the intake's time.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (db.Database.IsNpgsql())
        {
            // Whether to page or link is decided from the open incidents, so two openings must not both decide before
            // either is stored: in one instance the turn queues them, across instances this lock does, until commit.
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({OpeningLock})");
        }

        // Alerts sent again (a retry, a second callback) answer with the incident they opened: one lookup per pipeline, on its (pipeline, run) index.
        var known = new Dictionary<(string PipelineId, string RunId), long>();
        foreach (var group in batch.GroupBy(o => o.Pipeline.Id, StringComparer.Ordinal))
        {
            var runIds = group.Select(o => o.RunId).Distinct(StringComparer.Ordinal).ToList();
            foreach (var stored in await db.Incidents.AsNoTracking().Where(i => i.PipelineId == group.Key && runIds.Contains(i.RunId)).Select(i => new { i.Id, i.RunId }).ToListAsync())
            {
                known[(group.Key, stored.RunId)] = stored.Id;
            }
        }

        var lineages = batch.SelectMany(o => catalog.Lineage(o.Pipeline)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var open = (await db.Incidents.AsNoTracking().Where(i => lineages.Contains(i.PipelineId) && i.State != Resolved && i.LinkedTo == null)
            .Select(i => new { i.Id, i.PipelineId }).ToListAsync()).Select(i => (i.Id, i.PipelineId)).ToList();

        // First the rows, for their ids. A new unlinked incident is saved at once: the rest of the batch may link to it.
        var added = new Dictionary<(string PipelineId, string RunId), NewIncident>();
        var answers = new List<Func<IntakeResult>>();
        foreach (var opening in batch)
        {
            var key = (opening.Pipeline.Id, opening.RunId);
            if (known.TryGetValue(key, out var knownId))
            {
                answers.Add(() => new IntakeResult(knownId, false));
                continue;
            }

            if (added.TryGetValue(key, out var first))
            {
                // The same run twice in one batch: the second is answered like a retry, once the first has its id.
                answers.Add(() => new IntakeResult(first.Row.Id, false));
                continue;
            }

            long? parentId = IncidentCase.LinkTarget(catalog, opening.Pipeline, open);
            var parent = parentId is { } id ? open.First(o => o.Id == id) : ((long, string)?)null;
            var (incident, opened) = IncidentCase.Open(opening.Pipeline, opening.Kind, now, onCall, parentId, opening.MissedDeadline, sla, hours);
            var row = IncidentRows.New(incident, opening);
            db.Incidents.Add(row);
            if (parent is null)
            {
                await db.SaveChangesAsync();
                open.Add((row.Id, row.PipelineId));
            }

            var created = new NewIncident(opening, incident, opened, row, parent);
            added[key] = created;
            answers.Add(() => new IntakeResult(row.Id, true));
        }

        await db.SaveChangesAsync();
        foreach (var created in added.Values)
        {
            Record(db, now, created);
        }

        // A parent's card is redrawn once per commit, however many incidents the batch linked to it.
        foreach (var parentId in added.Values.Where(c => c.Parent is not null).Select(c => c.Parent!.Value.Id).Distinct())
        {
            db.CardChanged(now, IncidentCards.Key(parentId));
        }

        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return [.. answers.Select(answer => answer())];
    }

    /// <summary>A new incident's clocks, audit entries and, unless it is linked, the notice that posts its card and pages.</summary>
    private void Record(PipelineBotDbContext db, Instant now, NewIncident created)
    {
        var (opening, incident, opened, row, parent) = created;
        var pipeline = opening.Pipeline;
        var name = IncidentNames.Id(row.Id);
        var what = $"{pipeline.Name} run {opening.RunId}: {KindText(opening.Kind)}";
        IncidentRows.Save(db, incident, row, []);
        db.Audit(now, Bot, "opened", Subject(row.Id), $"{name} opened: {what}. {Clip(opening.Summary, 300)}");
        if (parent is { } linked)
        {
            db.Audit(now, Bot, "linked", Subject(row.Id), $"{name} linked to {IncidentNames.Id(linked.Id)} ({NameOfPipeline(linked.PipelineId)}), open upstream: not paged again");
            db.Audit(now, Bot, "linked", Subject(linked.Id), $"{name} ({what}) linked to {IncidentNames.Id(linked.Id)}");
            return;
        }

        var paged = new JsonArray([.. opened.Paged.Select(p => new JsonObject { ["member"] = p.MemberId, ["onCall"] = p.OnCall, ["primaryOwner"] = p.PrimaryOwner })]);
        var data = new JsonObject
        {
            ["incident"] = row.Id,
            ["pipeline"] = pipeline.Id,
            ["run"] = opening.RunId,
            ["kind"] = IncidentNames.Of(opening.Kind),
            ["summary"] = Clip(opening.Summary, 300),
            ["paged"] = paged,
        };
        if (opened.AckClockWaits)
        {
            data["ackClockStart"] = opened.AckClockStart.ToUnixTimeTicks();
        }

        db.Notify(now, Journal.Team, NoticeContent.Of(NoticeKinds.IncidentOpened, data, opened.Paged.Select(p => p.MemberId)), IncidentCards.Key(row.Id));
    }

    /// <summary>An incident a batch opens: what opened it, what the aggregate decided, its row, and the incident it links to.</summary>
    private sealed record NewIncident(Opening Opening, IncidentCase Incident, Opened Opened, IncidentRow Row, (long Id, string PipelineId)? Parent);
}
