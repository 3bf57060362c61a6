using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Incidents;

/// <summary>What a handover to an expert did, or why it did nothing (<see cref="Refusal"/>: not allowed, or no such expert).</summary>
public sealed record HandoverResult(IncidentOutcome? Outcome, string? Refusal, Member? Expert)
{
    public static HandoverResult Refuse(string reason) => new(null, reason, null);
}

/// <summary>
/// Handing an incident to an expert (seed 000: problems outside runbook scope go to the expert roles): the expert is
/// mentioned in the alert channel and sent a handover with what first-line support already tried, the card says whose
/// it is now, and the resolve clock keeps running.
/// </summary>
public sealed partial class IncidentService
{
    /// <summary>How many timeline entries a handover message carries: the latest, which are what the expert needs first.</summary>
    public const int HandoverEntries = 15;

    public async Task<HandoverResult> HandOverAsync(long id, Member by, ExpertArea area, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (Experts.Find(catalog, area) is not { } expert)
        {
            return HandoverResult.Refuse($"the catalog has no {Experts.TitleOf(area)} (a member with the role {Experts.RoleOf(area)}) to hand it to");
        }

        for (var attempt = 0; ; attempt++)
        {
            var now = Now();
            var onCall = (await schedule.OnCallAtAsync(now, cancellationToken)).MemberId;
            using var turn = await writes.EnterAsync(cancellationToken);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var row = await db.Incidents.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
            if (row is null)
            {
                return new HandoverResult(new NoSuchIncident(id), null, expert);
            }

            if (catalog.FindPipeline(row.PipelineId) is { } pipeline && Experts.WhyNotAllowed(by, pipeline, onCall) is { } notAllowed)
            {
                return HandoverResult.Refuse(notAllowed);
            }

            var incident = IncidentRows.Load(row, []);
            var outcome = incident.HandOver(area, expert.Id, by.Id, now);
            if (!outcome.Changed)
            {
                return new HandoverResult(outcome, null, expert);
            }

            IncidentRows.Save(db, incident, row, []);
            var subject = Subject(id);
            // "to the Tech BA, Ana Souza, as a mapping error", or "to the Tech BA as …" while the catalog names the role, not the person.
            var title = Experts.TitleOf(area);
            var to = expert.Name == title ? $"the {title}" : $"the {title}, {expert.Name},";
            var detail = $"{by.Name} handed {IncidentNames.Id(id)} to {to} as {Experts.ErrorOf(area)}{(note is null ? "" : $": {Clip(note, 500)}")}";
            var tried = await db.AuditEntries.AsNoTracking().Where(a => a.Subject == subject)
                .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(HandoverEntries).ToListAsync(cancellationToken);
            db.Audit(now, by.Id, "handed-over", subject, detail);
            var data = new JsonObject
            {
                ["incident"] = id,
                ["pipeline"] = row.PipelineId,
                ["area"] = Experts.NameOf(area),
                ["expert"] = expert.Id,
                ["by"] = by.Id,
                ["note"] = note is null ? null : Clip(note, 500),
            };
            db.Notify(now, Journal.Team, NoticeContent.Of(NoticeKinds.IncidentHandedOver, data, expert.Id));
            var handover = data.DeepClone().AsObject();
            handover["summary"] = row.Summary;
            handover["tried"] = new JsonArray([.. tried.AsEnumerable().Reverse().Select(a => (JsonNode)new JsonObject { ["at"] = a.At, ["text"] = a.Detail })]);
            db.Notify(now, expert.Id, NoticeContent.Of(NoticeKinds.IncidentHandover, handover), IncidentCards.Key(id));
            db.CardChanged(now, IncidentCards.Key(id));
            if (await TrySaveAsync(db, attempt, cancellationToken))
            {
                return new HandoverResult(outcome, null, expert);
            }
        }
    }
}
