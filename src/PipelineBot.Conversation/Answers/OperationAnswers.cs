using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using PipelineBot.Conversation.Cards;
using PipelineBot.Conversation.Commands;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Operations;
using PipelineBot.Infrastructure.Airflow;
using PipelineBot.Infrastructure.Operations;

namespace PipelineBot.Conversation.Answers;

/// <summary>
/// "backfill engagement from 2026-11-01 to 2026-11-07" and "rebuild environment": the plan on a card with Confirm and
/// Cancel, then the same card redrawn as each step runs (<c>cards/operation.json</c>). The rules live in
/// <see cref="Operation"/>, run by <see cref="OperationService"/>; this class words what they did.
/// </summary>
internal sealed class OperationAnswers(OperationService operations, Catalog catalog, CatalogNames names, TimeProvider time) : IButtons
{
    public const string Template = "operation";
    public const string ConfirmVerb = "operation.confirm";
    public const string CancelVerb = "operation.cancel";

    public static IReadOnlyList<string> Verbs { get; } = [ConfirmVerb, CancelVerb];

    public async Task<Say> BackfillAsync(Turn turn, Slots slots, CancellationToken cancellationToken)
    {
        if (turn.Speaker.Member is not { } member)
        {
            return new Say(Replies.Stranger);
        }

        if (slots.Pipeline is not { } pipeline || slots.Date is not { } from)
        {
            return new Say("Backfill what, over which dates? For example: backfill engagement from 2026-11-01 to 2026-11-07.");
        }

        var result = await operations.ProposeBackfillAsync(member, pipeline, from, slots.Until ?? from, cancellationToken);
        return Answer(result, "Here is what Airflow would clear (a dry run); nothing changes before you press Confirm.");
    }

    public async Task<Say> RebuildAsync(Turn turn, Slots slots, CancellationToken cancellationToken)
    {
        if (turn.Speaker.Member is not { } member)
        {
            return new Say(Replies.Stranger);
        }

        var loadDate = slots.Date ?? Instant.FromDateTimeOffset(time.GetUtcNow()).InUtc().Date;
        var result = await operations.ProposeRebuildAsync(member, loadDate, cancellationToken);
        return Answer(result, "Runbook #6: the setup DAGs run one after the other, each only once the one before it succeeded. Nothing runs before you press Confirm.");
    }

    public async Task<ButtonResult> HandleButtonAsync(ButtonTurn turn, CancellationToken cancellationToken)
    {
        if (CardActions.ValueText(turn.Data["operation"]) is not { } text || !long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return new ButtonResult([new Say("That button names no operation; nothing changed.")]);
        }

        if (turn.Speaker.Member is not { } member)
        {
            return new ButtonResult([new Say(Replies.Stranger)]);
        }

        var confirm = turn.Verb == ConfirmVerb;
        var result = await operations.DecideAsync(id, member, confirm, cancellationToken);
        var card = result.Operation is { } operation ? Draw(operation) : null;
        if (result.Refusal is { } refusal)
        {
            return new ButtonResult([new Say($"Nothing changed: {refusal}.")], card);
        }

        var said = confirm
            ? $"{Title(result.Operation!)} confirmed by {member.Name}: it starts now. I'll update this card as each step runs and tell the team when it ends."
            : $"{Title(result.Operation!)} cancelled by {member.Name}; nothing was run.";
        return new ButtonResult([new Say(said)], card);
    }

    public async Task<CardContent?> CardAsync(long id, CancellationToken cancellationToken) =>
        await operations.FindAsync(id, cancellationToken) is { } operation ? Draw(operation) : null;

    private Say Answer(OperationResult result, string lead)
    {
        if (result.NotConfigured)
        {
            return new Say(AirflowOptions.WhatToSet);
        }

        if (result.Refusal is { } refusal)
        {
            return new Say($"Nothing changed: {refusal}.", result.Operation is { } running ? Draw(running) : null);
        }

        return new Say(lead, Draw(result.Operation!));
    }

    public CardContent Draw(StoredOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var steps = new JsonArray();
        for (var i = 0; i < operation.Steps.Count; i++)
        {
            steps.Add(new JsonObject { ["text"] = StepText(operation, i) });
        }

        var downstream = operation.Kind == OperationKind.Backfill ? operation.Steps.Skip(1).Select(s => PipelineName(s.PipelineId)).ToList() : [];
        var data = new JsonObject
        {
            ["id"] = operation.Id,
            ["title"] = Title(operation),
            ["color"] = operation.State switch
            {
                OperationState.Failed => "Attention",
                OperationState.Succeeded => "Good",
                OperationState.Running => "Warning",
                _ => "Accent",
            },
            ["stateText"] = StateText(operation),
            ["steps"] = steps,
            ["hasDownstream"] = downstream.Count > 0,
            ["downstream"] = $"Downstream, cleared after it as the runbook says: {string.Join(", ", downstream)}.",
            ["canDecide"] = operation.State == OperationState.Proposed,
        };
        return new CardContent(Template, data, operation.CardKey);
    }

    private JsonNode StateText(StoredOperation operation) => operation.State switch
    {
        OperationState.Proposed => CardData.Text($"Waiting for Confirm: asked by {names.Name(operation.RequestedBy)} {operation.RequestedAt}. Nothing runs before then."),
        OperationState.Running when operation.GiveUpAt is { } giveUp => CardData.Text($"Running, confirmed by {Name(operation.DecidedBy)}. Airflow is not answering; retrying until {giveUp}."),
        OperationState.Running => $"Running, confirmed by {Name(operation.DecidedBy)}: step {operation.Steps.Count(s => s.State == StepState.Succeeded) + 1} of {operation.Steps.Count}.",
        OperationState.Succeeded => CardData.Text($"Done at {operation.FinishedAt!.Value}: every step succeeded."),
        OperationState.Failed => CardData.Text($"FAILED at {operation.FinishedAt!.Value}: stopped at step {operation.Steps.ToList().FindIndex(s => s.State == StepState.Failed) + 1}; the steps after it did not run."),
        _ => CardData.Text($"Cancelled by {Name(operation.DecidedBy)} at {operation.FinishedAt!.Value}; nothing was run."),
    };

    private string StepText(StoredOperation operation, int index)
    {
        var step = operation.Steps[index];
        var what = step.PipelineId is { } pipeline ? $"{step.DagId} ({PipelineName(pipeline)})" : step.DagId;
        var planned = step.Clears ? $"to clear, {step.Note}" : step.Conf.Count == 0 ? "to trigger" : $"to trigger with {string.Join(", ", step.Conf.Select(c => $"{c.Key} {c.Value}"))}";
        var state = step.State switch
        {
            StepState.Pending when index > 0 => $"{planned}, once step {index} has succeeded",
            StepState.Pending => planned,
            StepState.Running => $"running: {step.Note}",
            StepState.Succeeded => $"succeeded: {step.Note}",
            _ => $"FAILED: {step.Note}",
        };
        return $"{index + 1}. {what}: {state}";
    }

    private string Title(StoredOperation operation)
    {
        if (operation.Kind == OperationKind.Rebuild)
        {
            var loadDate = operation.Steps.SelectMany(s => s.Conf).Where(c => c.Key == RerunParameters.LoadDate).Select(c => c.Value).FirstOrDefault();
            return $"Environment rebuild #{operation.Id} (Runbook #6){(loadDate is null ? "" : $", load date {loadDate}")}";
        }

        var first = operation.Steps[0];
        return $"Backfill #{operation.Id} of {PipelineName(operation.PipelineId)}, {Iso(first.From)} to {Iso(first.To)}";
    }

    private string PipelineName(string? id) => id is null ? "" : catalog.FindPipeline(id)?.Name ?? id;

    private string Name(string? memberId) => memberId is null ? "nobody" : names.Name(memberId);

    private static string Iso(LocalDate? date) => date is { } d ? LocalDatePattern.Iso.Format(d) : "";
}
