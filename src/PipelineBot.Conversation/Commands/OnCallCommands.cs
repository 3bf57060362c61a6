using PipelineBot.Conversation.Answers;
using PipelineBot.Conversation.Grammar;

namespace PipelineBot.Conversation.Commands;

/// <summary>"who's on call": now, at a time, on a day, holiday or range of days, for a pipeline.</summary>
internal sealed class WhoIsOnCall(OnCallAnswers answers) : ICommand
{
    public static CommandSpec Spec { get; } = new(
        "oncall",
        "who's on call",
        ["who's on call", "who is on call for growth", "who's on call on Christmas", "on call next week", "who's on call tomorrow at 15:00", "who's on call this weekend", "who do I page for c360"],
        new CommandGrammar()
            .Cue(4, "on call", "on duty")
            .Cue(3, "page", "pager", "ping", "paging")
            .Cue(2, "covering", "working", "carrying the pager")
            .Cue(0.5, "who", "whos")
            .Against(3, "am i", "i am", "im", "my", "mine")
            .Takes<MomentEntity>(2)
            .Takes<HolidayEntity>(1)
            .Takes<PipelineEntity>(1)
            .Takes<UnreadableEntity>(),
        (a, _) => new Slots { When = SlotReading.When(a) ?? Now.Instance, Pipeline = SlotReading.Pipeline(a) })
    {
        Topic = CommandSpec.OnCall,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) => answers.AnswerAsync(turn, reading.Slots, cancellationToken);
}

/// <summary>"who owns growth": a pipeline's owners, its downstream team and who is on call for it.</summary>
internal sealed class Owners(PipelineAnswers answers) : ICommand
{
    public static CommandSpec Spec { get; } = new(
        "owners",
        "who owns a pipeline",
        ["who owns growth", "owners of the aggregate engagement pipeline", "who's the secondary on profit"],
        new CommandGrammar()
            .Cue(5, "owns", "owner", "owners", "own", "responsible", "maintains", "maintainer", "maintainers", "looks after", "in charge")
            .Cue(4, "secondary", "primary", "backup", "escalate", "escalate to", "escalation", "which team", "downstream", "stakeholders", "who uses")
            .Takes<PipelineEntity>(2)
            .Requires(a => a.First<PipelineEntity>() is not null),
        (a, _) => new Slots { Pipeline = SlotReading.Pipeline(a) })
    {
        Topic = CommandSpec.PipelinesTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) => answers.OwnersAsync(turn, reading.Slots.Pipeline!, cancellationToken);
}
