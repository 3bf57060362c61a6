using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PipelineBot.Conversation.Answers;
using PipelineBot.Conversation.Cards;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Infrastructure.Incidents;
using PipelineBot.Infrastructure.Trades;

namespace PipelineBot.Conversation;

/// <summary>
/// The conversation core every channel talks to. A message is read as words and handed to the first command that
/// wants it; the order settles overlaps ("am I on call" is about the speaker's shifts, "what do I do if ..." is a
/// runbook search). Anything no command wants gets a runbook guess or the nearest commands, never silence.
/// </summary>
internal sealed class ConversationCore(
    OnCallAnswers onCall,
    PipelineAnswers pipelines,
    ShiftAnswers shifts,
    TradeAnswers trades,
    AlertChannelAnswers alerts,
    IncidentAnswers incidents) : IConversation
{
    private static readonly string[] TradeVerbs = [TradeAnswers.AcceptVerb, TradeAnswers.DeclineVerb, TradeAnswers.WithdrawVerb];
    private static readonly string[] VerbList = [.. TradeVerbs, HelpAnswers.SayVerb, .. IncidentAnswers.Verbs];

    public IReadOnlyCollection<string> Verbs => VerbList;

    public async Task<IReadOnlyList<Say>> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return [await AnswerAsync(turn, new Utterance(turn.Text), cancellationToken)];
    }

    public async Task<ButtonResult> HandleButtonAsync(ButtonTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (turn.Verb == HelpAnswers.SayVerb)
        {
            return turn.Data["text"] is JsonValue text && text.TryGetValue<string>(out var said)
                ? new ButtonResult(await HandleAsync(new Turn(turn.Speaker, turn.Place, said), cancellationToken))
                : new ButtonResult([new Say("That button says nothing I can answer.")]);
        }

        if (IncidentAnswers.Verbs.Contains(turn.Verb))
        {
            return await incidents.HandleButtonAsync(turn, cancellationToken);
        }

        if (!TradeVerbs.Contains(turn.Verb))
        {
            return new ButtonResult([new Say($"I don't know the button '{turn.Verb}'; nothing changed.")]);
        }

        if (OfferId(turn.Data["offer"]) is not { } offerId)
        {
            return new ButtonResult([new Say("That button names no trade offer; nothing changed.")]);
        }

        if (turn.Speaker.Member is not { } member)
        {
            return new ButtonResult([new Say(Replies.Stranger)]);
        }

        var (reply, card) = await trades.ActAsync(turn.Verb, offerId, member, cancellationToken);
        return new ButtonResult([reply], card);
    }

    public async Task<CardContent?> CardAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        const string trade = "trade:";
        if (KeyId(key, IncidentCards.Prefix) is { } incident)
        {
            return await incidents.CardAsync(incident, cancellationToken);
        }

        return KeyId(key, trade) is { } offer ? await trades.CardAsync(offer, cancellationToken) : null;
    }

    private async Task<Say> AnswerAsync(Turn turn, Utterance u, CancellationToken cancellationToken)
    {
        if (HelpAnswers.Wants(u))
        {
            return HelpAnswers.Help();
        }

        if (TradeAnswers.WantsAction(u))
        {
            return await trades.ActOnTextAsync(turn, u, cancellationToken);
        }

        if (AlertChannelAnswers.Wants(u))
        {
            return await alerts.AnswerAsync(turn, cancellationToken);
        }

        if (TradeAnswers.WantsProposal(u))
        {
            return await trades.ProposeAsync(turn, u, cancellationToken);
        }

        if (IncidentAnswers.Wants(u))
        {
            return await incidents.AnswerAsync(turn, u, cancellationToken);
        }

        if (PipelineAnswers.WantsList(u))
        {
            return pipelines.Pipelines();
        }

        if (PipelineAnswers.WantsSearch(u))
        {
            return pipelines.Search(u.Text);
        }

        if (PipelineAnswers.WantsRunbook(u))
        {
            return pipelines.Runbook(u);
        }

        if (ShiftAnswers.WantsMyHolidays(u))
        {
            return await shifts.MyHolidaysAsync(turn, cancellationToken);
        }

        if (ShiftAnswers.WantsMyShifts(u))
        {
            return await shifts.MyShiftsAsync(turn, cancellationToken);
        }

        if (OnCallAnswers.Wants(u))
        {
            return await onCall.AnswerAsync(turn, u, cancellationToken);
        }

        if (PipelineAnswers.WantsStatus(u))
        {
            return await pipelines.StatusAsync(turn, u, cancellationToken);
        }

        if (ShiftAnswers.WantsHolidays(u))
        {
            return await shifts.HolidaysAsync(u, cancellationToken);
        }

        return pipelines.Guess(u.Text) ?? HelpAnswers.NotUnderstood(u);
    }

    private static long? KeyId(string key, string prefix) =>
        key.StartsWith(prefix, StringComparison.Ordinal) && long.TryParse(key.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>The offer id of a trade button.</summary>
    private static long? OfferId(JsonNode? node) =>
        long.TryParse(CardActions.ValueText(node), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
