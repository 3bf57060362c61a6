using PipelineBot.Conversation.Answers;
using PipelineBot.Conversation.Grammar;

namespace PipelineBot.Conversation.Commands;

/// <summary>"backfill engagement from 2026-11-01 to 2026-11-07": a dry run, then Confirm clears the range, downstream included.</summary>
internal sealed class Backfill(OperationAnswers answers) : ICommand
{
    private static readonly string[] Verbs = ["backfill", "backfilling", "reprocess", "reload"];

    public static CommandSpec Spec { get; } = new(
        "backfill",
        "backfill a pipeline over dates",
        ["backfill engagement from 2026-11-01 to 2026-11-07", "backfill growth for last week"],
        new CommandGrammar()
            .Cue(6, Verbs)
            .Cue(6, "back fill")
            .Takes<PipelineEntity>(3)
            .Takes<MomentEntity>(2)
            .Requires(a => a.HasAny(Verbs) || a.TextFrom(0).Contains("back fill", StringComparison.OrdinalIgnoreCase)),
        (a, _) => SlotReading.Range(a) is var (from, to)
            ? new Slots { Pipeline = SlotReading.Pipeline(a), Date = from, Until = to }
            : new Slots { Pipeline = SlotReading.Pipeline(a) })
    {
        Topic = CommandSpec.IncidentsTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) => answers.BackfillAsync(turn, reading.Slots, cancellationToken);
}

/// <summary>"rebuild environment", "rebuild the environment for 2026-12-04": Runbook #6's setup DAGs in order, after Confirm.</summary>
internal sealed class Rebuild(OperationAnswers answers) : ICommand
{
    // "how do I rebuild the cdm environment" asks for the procedure, which the runbook search answers.
    private static readonly string[] Questions = ["how", "what", "why", "where", "when", "should", "can", "could"];

    public static CommandSpec Spec { get; } = new(
        "rebuild",
        "rebuild the environment (Runbook #6)",
        ["rebuild environment", "rebuild the environment for 2026-12-04"],
        new CommandGrammar()
            .Cue(6, "rebuild", "rebuilding")
            .Cue(3, "environment", "env", "cdm", "setup dags")
            .Takes<MomentEntity>(1)
            .Requires(a => a.HasAny("rebuild", "rebuilding") && !a.HasAny(Questions)),
        (a, _) => new Slots { Date = SlotReading.Date(a) })
    {
        Topic = CommandSpec.IncidentsTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) => answers.RebuildAsync(turn, reading.Slots, cancellationToken);
}
