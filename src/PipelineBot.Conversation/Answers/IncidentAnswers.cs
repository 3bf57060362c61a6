using System.Text;
using System.Text.Json.Nodes;
using PipelineBot.Conversation.Cards;
using PipelineBot.Conversation.Commands;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Incidents;
using PipelineBot.Domain.Rotation;
using PipelineBot.Infrastructure.Airflow;
using PipelineBot.Infrastructure.Incidents;

namespace PipelineBot.Conversation.Answers;

/// <summary>
/// Incidents by button and by message (PRODUCT §3, §4): "ack INC-12", "resolve INC-12 disk freed", "rerun INC-12 for
/// 2026-11-20 batch 7", "rerun profit for 2026-11-20", "incidents". The rules live in <see cref="IncidentCase"/> and
/// <see cref="RerunRules"/>, run over stored state by <see cref="IncidentService"/> and <see cref="RerunService"/>; this
/// class carries out what was read and words what they did.
/// </summary>
internal sealed class IncidentAnswers(
    IncidentService incidents,
    RerunService reruns,
    IncidentCard cards,
    PipelineAnswers pipelines,
    LogAnswers logs,
    Catalog catalog,
    ShiftCalendar calendar,
    CatalogNames names)
    : IButtons
{
    public const string AckVerb = "incident.ack";
    public const string RerunVerb = "incident.rerun";
    public const string ResolveVerb = "incident.resolve";
    public const string RunbookVerb = "incident.runbook";
    public const string LogVerb = "incident.log";
    public const string EscalateVerb = "incident.escalate";

    /// <summary>The card that asks which expert to hand an incident to (<c>cards/expert.json</c>).</summary>
    public const string ExpertTemplate = "expert";

    public static IReadOnlyList<string> Verbs { get; } = [AckVerb, RerunVerb, ResolveVerb, RunbookVerb, LogVerb, EscalateVerb];

    public async Task<Say> AcknowledgeAsync(Turn turn, long? id, CancellationToken cancellationToken)
    {
        if (turn.Speaker.Member is not { } member)
        {
            return new Say(Replies.Stranger);
        }

        return id is { } target
            ? new Say(Words(await incidents.AcknowledgeAsync(target, member.Id, cancellationToken), target))
            : await WhichAsync("ack", cancellationToken);
    }

    public async Task<Say> ResolveAsync(Turn turn, long? id, string? note, CancellationToken cancellationToken)
    {
        if (turn.Speaker.Member is not { } member)
        {
            return new Say(Replies.Stranger);
        }

        return id is { } target
            ? new Say(Words(await incidents.ResolveAsync(target, member.Id, note ?? "resolved by message", cancellationToken), target))
            : await WhichAsync("resolve", cancellationToken);
    }

    public async Task<Say> RerunAsync(Turn turn, Slots slots, CancellationToken cancellationToken)
    {
        if (turn.Speaker.Member is not { } member)
        {
            return new Say(Replies.Stranger);
        }

        if (slots.Unreadable is { } unreadable)
        {
            return new Say(slots.UnreadableWhy is { } why
                ? Replies.CannotReadDate(unreadable, why)
                : $"I couldn't read the load date '{unreadable}': give it as 2026-11-20. For example: rerun profit for 2026-11-20 batch 42 environment prod.");
        }

        var request = new RerunRequest(slots.Date, slots.Batch, slots.Environment, slots.Adaptive);
        if (slots.Incident is { } target)
        {
            return new Say(await RerunAsync(member, target, request, cancellationToken));
        }

        if (slots.Pipeline is not { } pipeline)
        {
            return new Say($"Rerun what? Name an incident or a pipeline, for example \"rerun INC-12\" or \"rerun profit for 2026-11-20\".\n{await OpenListAsync(cancellationToken)}");
        }

        var open = await incidents.OpenIncidentOfAsync(pipeline.Id, cancellationToken);
        return new Say(open is not null
            ? await RerunAsync(member, open.Id, request, cancellationToken)
            : Words(await reruns.RequestAsync(member, pipeline, null, request, cancellationToken), member, pipeline));
    }

    /// <summary>"escalate INC-12 to mapping: the region code is unmapped": hands the incident to the expert; without an area, asks which.</summary>
    public async Task<Say> EscalateAsync(Turn turn, long? id, ExpertArea? area, string? note, CancellationToken cancellationToken)
    {
        if (turn.Speaker.Member is not { } member)
        {
            return new Say(Replies.Stranger);
        }

        if (id is not { } target)
        {
            return await WhichAsync("escalate", cancellationToken);
        }

        return area is { } to ? new Say((await EscalateAsync(member, target, to, note, cancellationToken)).Text) : await WhichExpertAsync(target, cancellationToken);
    }

    public async Task<ButtonResult> HandleButtonAsync(ButtonTurn turn, CancellationToken cancellationToken)
    {
        if (IdOf(turn.Data["incident"]) is not { } id)
        {
            return new ButtonResult([new Say("That button names no incident; nothing changed.")]);
        }

        if (turn.Verb == RunbookVerb)
        {
            var found = await incidents.FindAsync(id, cancellationToken);
            return new ButtonResult([found is null ? new Say($"There is no incident {IncidentNames.Id(id)}.") : pipelines.Runbook(catalog.FindPipeline(found.Incident.PipelineId))]);
        }

        if (turn.Verb == LogVerb)
        {
            return new ButtonResult([await logs.TailAsync(id, cancellationToken)]);
        }

        if (turn.Speaker.Member is not { } member)
        {
            return new ButtonResult([new Say(Replies.Stranger)]);
        }

        if (turn.Verb == EscalateVerb)
        {
            if (Experts.AreaOf(CardActions.ValueText(turn.Data["to"])) is not { } to)
            {
                return new ButtonResult([await WhichExpertAsync(id, cancellationToken)]);
            }

            // Only the choice card names an expert: once it is answered it says so, with no buttons left to press again.
            var (said, handed) = await EscalateAsync(member, id, to, null, cancellationToken);
            var answered = new JsonObject { ["name"] = IncidentNames.Id(id), ["choices"] = new JsonArray(), ["hasOutcome"] = true, ["outcome"] = $"{ChoiceTitle(to)}, chosen by {member.Name}." };
            return new ButtonResult([new Say(said)], handed ? new CardContent(ExpertTemplate, answered) : null);
        }

        string message;
        switch (turn.Verb)
        {
            case AckVerb:
                message = Words(await incidents.AcknowledgeAsync(id, member.Id, cancellationToken), id);
                break;
            case ResolveVerb:
                message = Words(await incidents.ResolveAsync(id, member.Id, $"resolved from the card by {member.Name}", cancellationToken), id);
                break;
            default:
                var adaptive = turn.Data["adaptive"] is JsonValue flag && flag.ToString() is "true" or "True";
                message = await RerunAsync(member, id, new RerunRequest(AdaptiveExecution: adaptive), cancellationToken);
                break;
        }

        return new ButtonResult([new Say(message)], await CardAsync(id, cancellationToken));
    }

    public async Task<CardContent?> CardAsync(long id, CancellationToken cancellationToken) =>
        await incidents.FindAsync(id, IncidentCard.Scope, cancellationToken) is { } details ? cards.Draw(details) : null;

    private async Task<string> RerunAsync(Member member, long id, RerunRequest request, CancellationToken cancellationToken)
    {
        var found = await incidents.FindAsync(id, cancellationToken);
        if (found is null || catalog.FindPipeline(found.Incident.PipelineId) is not { } pipeline)
        {
            return $"There is no incident {IncidentNames.Id(id)}; nothing changed.";
        }

        return Words(await reruns.RequestAsync(member, pipeline, id, request, cancellationToken), member, pipeline);
    }

    /// <summary>Hands the incident over; returns what happened in words, and whether it was handed over.</summary>
    private async Task<(string Text, bool HandedOver)> EscalateAsync(Member member, long id, ExpertArea area, string? note, CancellationToken cancellationToken)
    {
        var result = await incidents.HandOverAsync(id, member, area, note, cancellationToken);
        var name = IncidentNames.Id(id);
        var text = (result.Refusal, result.Outcome) switch
        {
            ({ } refusal, _) => $"Nothing changed: {refusal}.",
            (_, HandedOver h) => $"{name} is with {ExpertName(h.Expert, h.Area)} now, as {Experts.ErrorOf(area)}. " +
                $"I've sent them the handover and mentioned them in the alert channel; the resolve clock keeps running.",
            (_, AlreadyWithExpert w) => $"{name} is already with {ExpertName(w.Expert, area)}, since {calendar.Format(w.Since)}; nothing changed.",
            (_, AlreadyResolved) => $"{name} is already resolved; nothing changed.",
            _ => $"There is no incident {name}; nothing changed.",
        };
        return (text, result.Outcome is HandedOver);
    }

    private string ExpertName(string memberId, ExpertArea area) =>
        names.Name(memberId) is var name && name == Experts.TitleOf(area) ? $"the {name}" : $"{names.Name(memberId)} ({Experts.TitleOf(area)})";

    /// <summary>The question of which expert should take incident <paramref name="id"/>, with a button for each; the card does not repeat it.</summary>
    private async Task<Say> WhichExpertAsync(long id, CancellationToken cancellationToken)
    {
        var found = await incidents.FindAsync(id, cancellationToken);
        if (found is null)
        {
            return new Say($"There is no incident {IncidentNames.Id(id)}. Say \"incidents\" for the open ones.");
        }

        var incident = found.Incident;
        var question = $"Which expert should take {incident.Name} ({catalog.FindPipeline(incident.PipelineId)?.Name ?? incident.PipelineId})?";
        var choices = new JsonArray();
        foreach (var area in Enum.GetValues<ExpertArea>())
        {
            choices.Add(new JsonObject { ["title"] = ChoiceTitle(area), ["incident"] = id, ["area"] = Experts.NameOf(area) });
        }

        return new Say(question, new CardContent(ExpertTemplate, new JsonObject { ["name"] = incident.Name, ["choices"] = choices, ["hasOutcome"] = false }));
    }

    private static string ChoiceTitle(ExpertArea area) => $"{(area == ExpertArea.Mapping ? "Mapping" : "Implementation")} → {Experts.TitleOf(area)}";

    /// <summary>What an acknowledgement or resolution of incident <paramref name="id"/> did, in words for the person who asked.</summary>
    private string Words(IncidentResult result, long id)
    {
        var name = IncidentNames.Id(id);
        return result.Outcome switch
        {
            Acknowledged a => $"{name} acknowledged by {Name(a.By)} at {calendar.Format(a.At)}. The resolve clock still runs: due {calendar.Format(a.ResolveDueAt)}.",
            AlreadyAcknowledged a => $"{name} was already acknowledged by {Name(a.By)} at {calendar.Format(a.At)}; nothing changed.",
            Resolved r => $"{name} resolved by {Name(r.By)} at {calendar.Format(r.At)}: {r.Resolution}",
            AlreadyResolved r => $"{name} is already resolved (by {Name(r.By)} at {calendar.Format(r.At)}); nothing changed.",
            _ => $"There is no incident {name}; nothing changed.",
        };
    }

    /// <summary>What a rerun request did, in words for <paramref name="member"/>, who asked.</summary>
    private string Words(RerunResult result, Member member, Pipeline pipeline)
    {
        var name = result.IncidentId is { } id ? IncidentNames.Id(id) : null;
        return result.Refusal switch
        {
            // WhatToSet already says that Airflow is not configured; a sentence of our own before it said so twice.
            RerunRefusal.NotConfigured => AirflowOptions.WhatToSet,
            RerunRefusal.Refused => $"Nothing changed: {result.Reason}.",
            RerunRefusal.NoSuchIncident => $"There is no incident {name}; nothing changed.",
            RerunRefusal.AlreadyResolved => $"{name} is already resolved; nothing changed.",
            RerunRefusal.UnderWay => $"A rerun of {name} is already under way (#{result.Rerun!.Id}, asked by {Name(result.Rerun.RequestedBy)}); I'll update the card when it ends.",
            _ => $"Rerun #{result.Rerun!.Id} of {pipeline.Name} requested by {member.Name}: {RerunService.Describe(result.Rerun, result.Plan!)}. I'll follow it in Airflow and update {name ?? "the team"} when it ends.",
        };
    }

    private string Name(string memberId) => memberId == IncidentService.Bot ? "PipelineBot" : names.Name(memberId);

    public async Task<Say> ShowAsync(long id, CancellationToken cancellationToken) =>
        await incidents.FindAsync(id, IncidentCard.Scope, cancellationToken) is { } details
            ? new Say($"{details.Incident.Name}:", cards.Draw(details))
            : new Say($"There is no incident {IncidentNames.Id(id)}. Say \"incidents\" for the open ones.");

    public async Task<Say> ListAsync(bool all, CancellationToken cancellationToken) =>
        new(await ListTextAsync(all, cancellationToken));

    private async Task<Say> WhichAsync(string verb, CancellationToken cancellationToken) =>
        new($"Which incident? Say it with its id, for example \"{verb} INC-12\".\n{await OpenListAsync(cancellationToken)}");

    private Task<string> OpenListAsync(CancellationToken cancellationToken) => ListTextAsync(all: false, cancellationToken);

    /// <summary>The open incidents, or with <paramref name="all"/> the recent ones whatever their state, newest first.</summary>
    private async Task<string> ListTextAsync(bool all, CancellationToken cancellationToken)
    {
        var found = await incidents.ListAsync(openOnly: !all, 20, cancellationToken);
        if (found.Count == 0)
        {
            return all ? "There have been no incidents." : "No incidents are open.";
        }

        var text = new StringBuilder(all ? "Recent incidents, newest first:" : "Open incidents:");
        foreach (var details in found)
        {
            text.Append($"\n- {Line(details.Incident)}");
        }

        return text.ToString();
    }

    private string Line(Incident i)
    {
        var state = i.State == IncidentState.Resolved ? $"resolved by {names.Name(i.ResolvedBy!)}"
            : i.LinkedTo is { } parent ? $"linked to {IncidentNames.Id(parent)}"
            : i.AcknowledgedBy is { } by ? $"acknowledged by {names.Name(by)}"
            : "not acknowledged";
        return $"{i.Name} {catalog.FindPipeline(i.PipelineId)?.Name ?? i.PipelineId}: {IncidentService.KindText(i.Kind)}, run {i.RunId} ({state})";
    }

    private static long? IdOf(JsonNode? node) => CardActions.ValueText(node) is { } text && IncidentNames.TryParseId(text, out var id) ? id : null;
}
