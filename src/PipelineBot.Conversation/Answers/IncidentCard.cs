using System.Text.Json.Nodes;
using PipelineBot.Conversation.Cards;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Infrastructure.Incidents;

namespace PipelineBot.Conversation.Answers;

/// <summary>
/// Draws an incident's card (<c>cards/incident.json</c>) from its current state: what broke, who was paged, the clocks,
/// escalations, the latest rerun, linked incidents and the runbook's procedures, with the buttons that still apply.
/// Times are instants in the data (<see cref="CardData"/>): the renderer writes them for whoever reads each copy.
/// </summary>
internal sealed class IncidentCard(Catalog catalog, CatalogNames names)
{
    public const string Template = "incident";

    /// <summary>How many linked incidents a card lists by name; the rest are counted, so an alert storm cannot outgrow a card.</summary>
    public const int LinkedShown = 5;

    private static readonly string[] Noted = ["escalated", "reminded", "stakeholders-notified", "external-contact-prompted", "handed-over"];

    /// <summary>What a card reads of an incident's history: the noted actions and the linked incidents it names.</summary>
    public static readonly DetailsScope Scope = new(Noted, LinkedShown);

    public CardContent Draw(IncidentDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var incident = details.Incident;
        var pipeline = catalog.FindPipeline(incident.PipelineId);
        var pipelineName = pipeline?.Name ?? incident.PipelineId;
        var open = incident.State != IncidentState.Resolved;
        var facts = new JsonArray
        {
            Fact("Pipeline", $"{pipelineName} ({incident.PipelineId})"),
            Fact("Run", incident.RunId),
        };
        AddIf(facts, "Logical date", incident.LogicalDate);
        AddIf(facts, "DAG", incident.DagId);
        AddIf(facts, "Task", incident.TaskId);
        if (!string.IsNullOrWhiteSpace(incident.LogUrl))
        {
            // A link, not words: the address must reach the reader exactly as Airflow gave it.
            facts.Add(Fact("Log", CardData.Link(incident.LogUrl)));
        }

        AddIf(facts, "On call", incident.PagedMemberId is { } paged ? names.Name(paged) : null);
        AddIf(facts, "Primary owner", pipeline is null ? null : names.Name(pipeline.PrimaryOwner));

        // Times go in TextBlocks, not facts: only a TextBlock can show a time in each reader's own zone.
        var times = new JsonArray { Fact("Opened", CardData.Time(incident.OpenedAt)) };
        if (incident.LinkedTo is null)
        {
            times.Add(incident.AcknowledgedAt is { } acked
                ? Fact("Acknowledged", CardData.Text($"{names.Name(incident.AcknowledgedBy!)}, {acked}"))
                : Fact("Ack due", CardData.Time(incident.AckDueAt)));
            times.Add(incident.ResolvedAt is { } resolved
                ? Fact("Resolved", CardData.Text($"{Name(incident.ResolvedBy!)}, {resolved}"))
                : Fact("Resolve due", CardData.Time(incident.ResolveDueAt)));
        }

        var notes = new JsonArray();
        foreach (var entry in details.Timeline.Where(e => Noted.Contains(e.Action)))
        {
            notes.Add(Note(CardData.Text($"{entry.At}: {entry.Detail}")));
        }

        if (details.LatestRerun is { } rerun)
        {
            notes.Add(Note(RerunText(rerun)));
        }

        foreach (var linked in details.Linked.Take(LinkedShown))
        {
            notes.Add(Note($"Linked here, not paged: {linked.Name} {catalog.FindPipeline(linked.PipelineId)?.Name ?? linked.PipelineId} run {linked.RunId} ({IncidentNames.Of(linked.State)})"));
        }

        if (details.LinkedCount > LinkedShown)
        {
            notes.Add(Note($"…and {details.LinkedCount - LinkedShown} more linked incidents (GET /api/incidents lists them all)."));
        }

        var procedures = new JsonArray();
        foreach (var procedure in pipeline?.StandardProcedures ?? [])
        {
            procedures.Add(Note(procedure.Items.Count == 0 ? procedure.Text : $"{procedure.Text} ({string.Join(", ", procedure.Items)})"));
        }

        var allowed = IncidentCase.AllowedIn(incident.State, pipeline);
        var data = new JsonObject
        {
            ["id"] = incident.Id,
            ["title"] = $"{incident.Name} · {pipelineName}: {IncidentService.KindText(incident.Kind)}{(open ? "" : " (resolved)")}",
            ["color"] = incident.State switch
            {
                IncidentState.Open => "Attention",
                IncidentState.Acknowledged => "Warning",
                _ => "Good",
            },
            ["summary"] = incident.Summary,
            ["facts"] = facts,
            ["times"] = times,
            ["stateText"] = StateText(incident),
            ["notes"] = notes,
            ["hasProcedures"] = procedures.Count > 0,
            ["procedures"] = procedures,
            ["canAcknowledge"] = allowed.HasFlag(IncidentActions.Acknowledge),
            ["canRerun"] = allowed.HasFlag(IncidentActions.Rerun),
            ["canRerunAdaptive"] = allowed.HasFlag(IncidentActions.RerunAdaptive),
            ["canResolve"] = allowed.HasFlag(IncidentActions.Resolve),
            ["canLog"] = incident.DagId is not null && incident.TaskId is not null,
            ["canEscalate"] = allowed.HasFlag(IncidentActions.EscalateToExpert),
        };
        return new CardContent(Template, data, incident.CardKey);
    }

    private JsonNode StateText(Incident incident)
    {
        JsonNode escalated = (incident.AckBreachedAt, incident.ResolveBreachedAt) switch
        {
            ({ } ack, { } resolve) => CardData.Text($" ESCALATED: ack SLA breached {ack}; resolve SLA breached {resolve}."),
            ({ } ack, null) => CardData.Text($" ESCALATED: ack SLA breached {ack}."),
            (null, { } resolve) => CardData.Text($" ESCALATED: resolve SLA breached {resolve}."),
            _ => "",
        };
        if (incident is { State: not IncidentState.Resolved, Expert: { } expert, ExpertArea: { } area, ExpertSince: { } since })
        {
            // "With Ana Souza (Tech BA)", or "With Tech BA" while the catalog names the role, not the person.
            var (name, title) = (names.Name(expert), Experts.TitleOf(area));
            escalated = CardData.Text($"{escalated} With {(name == title ? title : $"{name} ({title})")} since {since}.");
        }

        return incident.State switch
        {
            IncidentState.Resolved => CardData.Text($"Resolved by {Name(incident.ResolvedBy!)} at {incident.ResolvedAt!.Value}: {incident.Resolution}"),
            _ when incident.LinkedTo is { } parent => $"Linked to {IncidentNames.Id(parent)}, open upstream: nobody was paged again for this one.",
            IncidentState.Acknowledged => CardData.Text($"Acknowledged by {names.Name(incident.AcknowledgedBy!)} at {incident.AcknowledgedAt!.Value}.{escalated}"),
            _ => CardData.Text($"Open: waiting for an acknowledgement by {incident.AckDueAt}.{escalated}"),
        };
    }

    private JsonNode RerunText(Rerun rerun)
    {
        var who = CardData.Text($"Rerun #{rerun.Id} (asked by {names.Name(rerun.RequestedBy)} {rerun.RequestedAt})");
        if (rerun is { FinishedAt: null, GiveUpAt: { } giveUpAt })
        {
            return CardData.Text($"{who}: {rerun.Note}; retrying until {giveUpAt}.");
        }

        return rerun.State switch
        {
            RerunStep.Precondition => CardData.Text($"{who}: running {rerun.FollowDagId ?? "its precondition"} for load date {rerun.LoadDate} first."),
            RerunStep.Starting => CardData.Text($"{who}: starting in Airflow."),
            RerunStep.Running => CardData.Text($"{who}: running, Airflow {rerun.FollowDagId} run {rerun.FollowRunId}."),
            RerunStep.Succeeded => CardData.Text($"{who}: succeeded. {rerun.Note}."),
            _ => CardData.Text($"{who}: FAILED. {rerun.Note}."),
        };
    }

    private string Name(string memberId) => memberId == IncidentService.Bot ? "PipelineBot" : names.Name(memberId);

    private static JsonObject Fact(string name, JsonNode value) => new() { ["name"] = name, ["value"] = value };

    private static JsonObject Note(JsonNode text) => new() { ["text"] = text };

    private static void AddIf(JsonArray facts, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            facts.Add(Fact(name, value));
        }
    }
}
