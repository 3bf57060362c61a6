using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using PipelineBot.Conversation;

namespace PipelineBot.Host.Tests.Slack;

/// <summary>
/// A stand-in for the conversation core: records every turn and click, and answers with what the test scripts
/// (by default it repeats the text back, so tests can see what arrived and how it was rendered).
/// </summary>
public sealed class ScriptedConversation : IConversation
{
    private readonly ConcurrentQueue<Turn> _turns = new();
    private readonly ConcurrentQueue<ButtonTurn> _clicks = new();

    public Func<Turn, Task<IReadOnlyList<Say>>> Answer { get; set; } =
        turn => Task.FromResult<IReadOnlyList<Say>>([new Say($"You said: **{turn.Text}**")]);

    /// <summary>By default a click is answered with a line and the trade-offer card with the sample data of <c>cards/samples</c>, accepted.</summary>
    public Func<ButtonTurn, ButtonResult> Click { get; set; } =
        click => new ButtonResult([new Say($"Done: {click.Verb}")], SampleCard("trade-offer", "trade:12"));

    public static CardContent SampleCard(string template, string key)
    {
        var data = JsonNode.Parse(File.ReadAllText(Path.Combine(PipelineBot.Testing.RepositoryFiles.Root, "cards", "samples", $"{template}.data.json")))!.AsObject();
        return new CardContent(template, data, key);
    }

    public IReadOnlyList<Turn> Turns => [.. _turns];

    public IReadOnlyList<ButtonTurn> Clicks => [.. _clicks];

    public IReadOnlyCollection<string> Verbs { get; } = ["ack"];

    public async Task<IReadOnlyList<Say>> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        _turns.Enqueue(turn);
        return await Answer(turn);
    }

    public Task<ButtonResult> HandleButtonAsync(ButtonTurn turn, CancellationToken cancellationToken)
    {
        _clicks.Enqueue(turn);
        return Task.FromResult(Click(turn));
    }

    public Task<CardContent?> CardAsync(string key, CancellationToken cancellationToken) => Task.FromResult<CardContent?>(null);
}
