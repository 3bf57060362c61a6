using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using PipelineBot.Conversation;

namespace PipelineBot.Host.Tests.WebChat;

/// <summary>
/// A conversation core that answers by script, so the protocol tests see exactly what the web chat did with a turn:
/// "offer" gets a keyed card with an Accept button; a click on it gets the card back as accepted and a reply; anything
/// else is echoed with the speaker and their zone. Every turn and click is kept for the test to read.
/// </summary>
public sealed class ScriptedConversation : IConversation
{
    public const string CardKey = "trade:7";

    public ConcurrentQueue<Turn> Turns { get; } = new();

    public ConcurrentQueue<ButtonTurn> Clicks { get; } = new();

    public IReadOnlyCollection<string> Verbs { get; } = ["trade.accept"];

    public static CardContent Offer(string state) => new("trade-offer", new JsonObject { ["title"] = $"Trade offer ({state})", ["id"] = 7 }, CardKey);

    /// <summary>What a message other than "offer" answers instead of the echo, when set.</summary>
    public Func<Turn, IReadOnlyList<Say>>? Answer { get; set; }

    public Task<IReadOnlyList<Say>> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        Turns.Enqueue(turn);
        IReadOnlyList<Say> says = turn.Text != "offer" && Answer is { } answer ? answer(turn) : turn.Text == "offer"
            ? [new Say("Here is an offer.", Offer("open"))]
            : [new Say($"{turn.Text}, said {turn.Speaker.Member?.Id} in {turn.Speaker.TimeZone.Id}")];
        return Task.FromResult(says);
    }

    public Task<ButtonResult> HandleButtonAsync(ButtonTurn turn, CancellationToken cancellationToken)
    {
        Clicks.Enqueue(turn);
        return Task.FromResult(new ButtonResult([new Say("Accepted.")], Offer("accepted")));
    }

    public Task<CardContent?> CardAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(key == CardKey ? Offer("current") : null);
}
