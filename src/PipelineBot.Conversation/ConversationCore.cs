using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using PipelineBot.Conversation.Answers;
using PipelineBot.Conversation.Commands;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Infrastructure.Incidents;
using PipelineBot.Infrastructure.Operations;
using PipelineBot.Infrastructure.Rotation;
using PipelineBot.Infrastructure.Sla;

namespace PipelineBot.Conversation;

/// <summary>
/// The conversation core every channel talks to. A message is read as one registered command's intent plus slots
/// (<see cref="Understanding"/>) and handed to that command; a click goes to the handler registered for its verb.
/// When two readings are equally good the speaker is asked back with a button per reading. Anything no command wants
/// gets a runbook guess or the nearest commands, never silence.
/// </summary>
internal sealed class ConversationCore(
    Understanding understanding,
    IServiceProvider services,
    IEnumerable<CommandRegistration> commands,
    IEnumerable<ButtonRegistration> buttons,
    HelpAnswers help,
    PipelineAnswers pipelines,
    IncidentAnswers incidents,
    TradeAnswers trades,
    HandoffAnswers handoffs,
    SlaAnswers reviews,
    OperationAnswers operations,
    TimeProvider time) : IConversation
{
    public const string ChoiceTemplate = "choice";

    private readonly Dictionary<string, Type> _commands = commands.ToDictionary(c => c.Spec.Intent, c => c.Handler, StringComparer.Ordinal);
    private readonly Dictionary<string, Type> _buttons = buttons.ToDictionary(b => b.Verb, b => b.Handler, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Verbs => _buttons.Keys;

    public async Task<IReadOnlyList<Say>> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (string.IsNullOrWhiteSpace(turn.Text))
        {
            return [help.Help()];
        }

        var speaker = turn.Speaker;
        var reading = understanding.Read(turn.Text, Instant.FromDateTimeOffset(time.GetUtcNow()), speaker.TimeZone, speaker.Locale);
        if (reading.Question is { } question)
        {
            return [new Say(question, Choices(reading.Choices))];
        }

        if (reading.Intent == Reading.Unknown)
        {
            return [pipelines.Guess(turn.Text) ?? help.NotUnderstood(turn.Text)];
        }

        var handler = (ICommandHandler)services.GetRequiredService(_commands[reading.Intent]);
        return [await handler.HandleAsync(turn, reading, cancellationToken)];
    }

    public async Task<ButtonResult> HandleButtonAsync(ButtonTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return _buttons.TryGetValue(turn.Verb, out var handler)
            ? await ((IButtonHandler)services.GetRequiredService(handler)).HandleButtonAsync(turn, cancellationToken)
            : new ButtonResult([new Say($"I don't know the button '{turn.Verb}'; nothing changed.")]);
    }

    public async Task<CardContent?> CardAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        const string trade = "trade:";
        if (KeyId(key, IncidentCards.Prefix) is { } incident)
        {
            return await incidents.CardAsync(incident, cancellationToken);
        }

        if (KeyId(key, OperationCards.Prefix) is { } operation)
        {
            return await operations.CardAsync(operation, cancellationToken);
        }

        if (KeyId(key, HandoffService.CardPrefix) is { } at)
        {
            return await handoffs.CardAsync(Instant.FromUnixTimeTicks(at), cancellationToken);
        }

        if (KeyId(key, SlaReviewService.CardPrefix) is { } monthKey && SlaReviewService.MonthOfKey(monthKey) is { } month)
        {
            return await reviews.CardAsync(month, cancellationToken);
        }

        return KeyId(key, trade) is { } offer ? await trades.CardAsync(offer, cancellationToken) : null;
    }

    /// <summary>A button per reading; the question itself is the answer's text, so the card does not repeat it.</summary>
    private static CardContent Choices(IReadOnlyList<Choice> choices) => new(ChoiceTemplate, new JsonObject
    {
        ["choices"] = new JsonArray([.. choices.Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["text"] = c.Text })]),
    });

    private static long? KeyId(string key, string prefix) =>
        key.StartsWith(prefix, StringComparison.Ordinal) && long.TryParse(key.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}

/// <summary>The help card's buttons (and the ask-back choices) say their example as if typed.</summary>
internal sealed class SayButton(IServiceProvider services) : IButtons
{
    public const string Verb = "say";

    public static IReadOnlyList<string> Verbs { get; } = [Verb];

    public async Task<ButtonResult> HandleButtonAsync(ButtonTurn turn, CancellationToken cancellationToken) =>
        turn.Data["text"] is JsonValue text && text.TryGetValue<string>(out var said)
            ? new ButtonResult(await services.GetRequiredService<IConversation>().HandleAsync(new Turn(turn.Speaker, turn.Place, said), cancellationToken))
            : new ButtonResult([new Say("That button says nothing I can answer.")]);
}
