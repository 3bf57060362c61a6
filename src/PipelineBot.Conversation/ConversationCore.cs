using System.Globalization;
using System.Text.Json.Nodes;
using PipelineBot.Conversation.Answers;
using PipelineBot.Conversation.Grammar;
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
    AlertChannelAnswers alerts) : IConversation
{
    private static readonly string[] VerbList = [TradeAnswers.AcceptVerb, TradeAnswers.DeclineVerb, TradeAnswers.WithdrawVerb, HelpAnswers.SayVerb];
    private static readonly string[] IncidentWords = ["ack", "acknowledge", "rerun", "resolve", "incident", "incidents"];

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

        if (!VerbList.Contains(turn.Verb))
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
        const string prefix = "trade:";
        return key.StartsWith(prefix, StringComparison.Ordinal) && long.TryParse(key.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await trades.CardAsync(id, cancellationToken)
            : null;
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

        if (u.Count > 0 && IncidentWords.Contains(u[0]))
        {
            return new Say("Incidents are not tracked yet: acknowledging, rerunning and resolving arrive with incident tracking. Until then, say \"runbook <pipeline>\" for what to do.");
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

    private static long? OfferId(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<long>(out var id) => id,
        JsonValue value when value.TryGetValue<string>(out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
