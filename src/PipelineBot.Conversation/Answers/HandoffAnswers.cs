using System.Globalization;
using System.Text.Json.Nodes;
using NodaTime;
using PipelineBot.Conversation.Cards;
using PipelineBot.Conversation.Commands;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Conversation.Answers;

/// <summary>The handoff reminder's card and its "I've got it" button (<see cref="HandoffService"/>).</summary>
internal sealed class HandoffAnswers(HandoffService handoffs, CatalogNames names) : IButtons
{
    public const string ConfirmVerb = "handoff.confirm";
    public const string Template = "handoff";

    public static IReadOnlyList<string> Verbs { get; } = [ConfirmVerb];

    public async Task<ButtonResult> HandleButtonAsync(ButtonTurn turn, CancellationToken cancellationToken)
    {
        if (!long.TryParse(CardActions.ValueText(turn.Data["at"]), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks))
        {
            return new ButtonResult([new Say("That button names no handoff; nothing changed.")]);
        }

        if (turn.Speaker.Member is not { } member)
        {
            return new ButtonResult([new Say(Replies.Stranger)]);
        }

        var at = Instant.FromUnixTimeTicks(ticks);
        var reply = await handoffs.ConfirmAsync(at, member.Id, cancellationToken) switch
        {
            HandoffConfirmation.Confirmed => "Thanks: you have it. The team is told at the change.",
            HandoffConfirmation.AlreadyConfirmed => "You had already said so; nothing changed.",
            HandoffConfirmation.NotYours => "This handoff is for someone else to confirm; nothing changed.",
            _ => "Nobody takes over on-call then any more (the schedule changed); nothing changed.",
        };
        return new ButtonResult([new Say(reply)], await CardAsync(at, cancellationToken));
    }

    public async Task<CardContent?> CardAsync(Instant at, CancellationToken cancellationToken)
    {
        if (await handoffs.FindAsync(at, cancellationToken) is not { } found)
        {
            return null;
        }

        var (handoff, confirmed) = found;
        return new CardContent(Template, new JsonObject
        {
            ["title"] = "Your on-call stretch is about to begin",
            ["summary"] = CardData.Text($"{names.Name(handoff.To)} takes over on-call from {names.Name(handoff.From)} at {handoff.At}."),
            ["stateText"] = confirmed ? $"{names.Name(handoff.To)} has it." : "Press \"I've got it\" to say you have it; without it the managers are told at the change.",
            ["open"] = !confirmed,
            ["at"] = handoff.At.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture),
        }, HandoffService.CardKey(handoff.At));
    }
}
