using System.Text.Json.Nodes;
using NodaTime;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Incidents;

namespace PipelineBot.Conversation.Answers;

/// <summary>
/// Draws an incident's card (<c>cards/incident.json</c>) from its current state: what broke, who was paged, the clocks,
/// escalations, the latest rerun, linked incidents and the runbook's procedures, with the buttons that still apply.
/// Times are in the team's zone: one card is shared by everyone in the channel.
/// </summary>
internal sealed class IncidentCard(BotSettings settings, CatalogNames names)
{
    public const string Template = "incident";

    /// <summary>How many linked incidents a card lists by name; the rest are counted, so an alert storm cannot outgrow a card.</summary>
    public const int LinkedShown = 5;

    private static readonly string[] Noted = ["escalated", "reminded", "stakeholders-notified", "external-contact-prompted"];

    public CardContent Draw(IncidentDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var incident = details.Incident;
        var pipeline = settings.Catalog.FindPipeline(incident.PipelineId);
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
        AddIf(facts, "Log", incident.LogUrl);
        facts.Add(Fact("Opened", Time(incident.OpenedAt)));
        AddIf(facts, "On call", incident.PagedMemberId is { } paged ? names.Name(paged) : null);
        AddIf(facts, "Primary owner", pipeline is null ? null : names.Name(pipeline.PrimaryOwner));
        if (incident.LinkedTo is null)
        {
            facts.Add(incident.AcknowledgedAt is { } acked
                ? Fact("Acknowledged", $"{names.Name(incident.AcknowledgedBy!)}, {Time(acked)}")
                : Fact("Ack due", Time(incident.AckDueAt)));
            facts.Add(incident.ResolvedAt is { } resolved
                ? Fact("Resolved", $"{Name(incident.ResolvedBy!)}, {Time(resolved)}")
                : Fact("Resolve due", Time(incident.ResolveDueAt)));
        }

        var notes = new JsonArray();
        foreach (var entry in details.Timeline.Where(e => Noted.Contains(e.Action)))
        {
            notes.Add(Note($"{Time(entry.At)}: {entry.Detail}"));
        }

        if (details.LatestRerun is { } rerun)
        {
            notes.Add(Note(RerunText(rerun)));
        }

        foreach (var linked in details.Linked.Take(LinkedShown))
        {
            notes.Add(Note($"Linked here, not paged: {linked.Name} {settings.Catalog.FindPipeline(linked.PipelineId)?.Name ?? linked.PipelineId} run {linked.RunId} ({IncidentNames.Of(linked.State)})"));
        }

        if (details.Linked.Count > LinkedShown)
        {
            notes.Add(Note($"…and {details.Linked.Count - LinkedShown} more linked incidents (GET /api/incidents lists them all)."));
        }

        var procedures = new JsonArray();
        foreach (var procedure in pipeline?.StandardProcedures ?? [])
        {
            procedures.Add(Note(procedure.Items.Count == 0 ? procedure.Text : $"{procedure.Text} ({string.Join(", ", procedure.Items)})"));
        }

        var rerunnable = open && pipeline?.Orchestrator is not null;
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
            ["stateText"] = StateText(incident),
            ["notes"] = notes,
            ["hasProcedures"] = procedures.Count > 0,
            ["procedures"] = procedures,
            ["canAcknowledge"] = incident.State == IncidentState.Open,
            ["canRerun"] = rerunnable,
            ["canRerunAdaptive"] = rerunnable && pipeline!.Orchestrator!.RerunParameters.Contains(RerunParameters.SparkAdaptiveExecution),
            ["canResolve"] = open,
        };
        return new CardContent(Template, data, incident.CardKey);
    }

    private string StateText(Incident incident)
    {
        var breaches = new List<string>();
        if (incident.AckBreachedAt is { } ackBreach)
        {
            breaches.Add($"ack SLA breached {Time(ackBreach)}");
        }

        if (incident.ResolveBreachedAt is { } resolveBreach)
        {
            breaches.Add($"resolve SLA breached {Time(resolveBreach)}");
        }

        var escalated = breaches.Count > 0 ? $" ESCALATED: {string.Join("; ", breaches)}." : "";
        return incident.State switch
        {
            IncidentState.Resolved => $"Resolved by {Name(incident.ResolvedBy!)} at {Time(incident.ResolvedAt!.Value)}: {incident.Resolution}",
            _ when incident.LinkedTo is { } parent => $"Linked to {IncidentNames.Id(parent)}, open upstream: nobody was paged again for this one.",
            IncidentState.Acknowledged => $"Acknowledged by {names.Name(incident.AcknowledgedBy!)} at {Time(incident.AcknowledgedAt!.Value)}.{escalated}",
            _ => $"Open: waiting for an acknowledgement by {Time(incident.AckDueAt)}.{escalated}",
        };
    }

    private string RerunText(Rerun rerun)
    {
        var who = $"Rerun #{rerun.Id} (asked by {names.Name(rerun.RequestedBy)} {Time(rerun.RequestedAt)})";
        return rerun.State switch
        {
            "precondition" => $"{who}: running {rerun.FollowDagId ?? "its precondition"} for load date {rerun.LoadDate} first.",
            "starting" => $"{who}: starting in Airflow.",
            "running" => $"{who}: running, Airflow {rerun.FollowDagId} run {rerun.FollowRunId}.",
            "succeeded" => $"{who}: succeeded. {rerun.Note}.",
            _ => $"{who}: FAILED. {rerun.Note}.",
        };
    }

    private string Name(string memberId) => memberId == IncidentService.Bot ? "PipelineBot" : names.Name(memberId);

    private string Time(Instant instant) => TimeText.Format(instant, settings.ShiftCalendar.Zone);

    private static JsonObject Fact(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static JsonObject Note(string text) => new() { ["text"] = text };

    private static void AddIf(JsonArray facts, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            facts.Add(Fact(name, value));
        }
    }
}
