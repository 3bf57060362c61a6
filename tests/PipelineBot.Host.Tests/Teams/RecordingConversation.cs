using System.Collections.Concurrent;
using NodaTime.Extensions;
using PipelineBot.Conversation;
using PipelineBot.Domain.Catalog;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Host.Tests.Teams;

/// <summary>
/// A stand-in for the conversation core while it is written elsewhere: it records every turn and click, answers any
/// message with who is on call now (from the real schedule, mentioning them) unless told otherwise, and answers clicks as told.
/// </summary>
public sealed class RecordingConversation(ScheduleService schedule, Catalog catalog, TimeProvider time) : IConversation
{
    public ConcurrentQueue<Turn> Turns { get; } = new();

    public ConcurrentQueue<ButtonTurn> Clicks { get; } = new();

    /// <summary>What a click answers; by default an acknowledgement and no card change.</summary>
    public Func<ButtonTurn, ButtonResult> OnClick { get; set; } = click => new ButtonResult([new Say($"You clicked {click.Verb}.")]);

    public IReadOnlyCollection<string> Verbs { get; } = ["ack"];

    /// <summary>What a message answers instead of who is on call, when set.</summary>
    public Func<Turn, IReadOnlyList<Say>>? Answer { get; set; }

    public async Task<IReadOnlyList<Say>> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        Turns.Enqueue(turn);
        if (Answer is { } answer)
        {
            return answer(turn);
        }

        var onCall = await schedule.OnCallAtAsync(time.GetUtcNow().ToInstant(), cancellationToken);
        var member = catalog.Member(onCall.MemberId);
        return [new Say($"{Say.MentionOf(member)} is on call.", null, [member])];
    }

    public Task<ButtonResult> HandleButtonAsync(ButtonTurn turn, CancellationToken cancellationToken)
    {
        Clicks.Enqueue(turn);
        return Task.FromResult(OnClick(turn));
    }

    public Task<CardContent?> CardAsync(string key, CancellationToken cancellationToken) => Task.FromResult<CardContent?>(null);
}
