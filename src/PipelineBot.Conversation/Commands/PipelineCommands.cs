using PipelineBot.Conversation.Answers;
using PipelineBot.Conversation.Grammar;

namespace PipelineBot.Conversation.Commands;

/// <summary>"status growth": a pipeline's runs, data quality, deadline, incidents and catalog facts.</summary>
internal sealed class Status(PipelineAnswers answers) : ICommand
{
    public static CommandSpec Spec { get; } = new(
        "status",
        "status of a pipeline",
        ["status growth", "how is the aggregate profit pipeline doing", "is engagement ok", "is profit late today"],
        new CommandGrammar()
            .Cue(5, "status", "state", "health")
            .Cue(3, "doing", "ok", "okay", "healthy", "running", "late", "finish", "finished", "check", "going", "whats up", "up with", "latest", "succeed", "succeeded", "fail", "failed", "green", "on time", "hows", "look", "looking")
            .Cue(2, "broken", "done", "load", "loaded", "run", "ran")
            .Takes<PipelineEntity>(3)
            .Takes<MomentEntity>()
            .Requires(a => a.First<PipelineEntity>() is not null || a.HasAny("status", "state", "health")),
        (a, _) => new Slots { Pipeline = SlotReading.Pipeline(a) })
    {
        Topic = CommandSpec.PipelinesTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) =>
        answers.StatusAsync(turn, reading.Slots.Pipeline, reading.Slots.Unread, cancellationToken);
}

/// <summary>"pipelines": the catalog's pipelines.</summary>
internal sealed class Pipelines(PipelineAnswers answers) : ICommand
{
    public static CommandSpec Spec { get; } = new(
        "pipelines",
        "pipelines",
        ["pipelines", "show all pipelines"],
        new CommandGrammar()
            .Cue(4, "which pipelines", "what pipelines")
            .Cue(3, "pipelines", "catalog", "catalogue")
            .Cue(1, "list", "all", "every", "know")
            .Cue(0.5, "show")
            .Against(4, "on call"),
        (_, _) => new Slots())
    {
        Topic = CommandSpec.PipelinesTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) => Task.FromResult(answers.Pipelines());
}

/// <summary>
/// "runbook profit" reads a pipeline's runbook; "what do I do if the sales file has no header" searches every runbook
/// (and the setup DAGs) for the words of the question.
/// </summary>
internal sealed class Runbook(PipelineAnswers answers) : ICommand
{
    /// <summary>Words that carry no meaning for a search; "of", "no" and "out" do ("out of memory", "no header").</summary>
    private static readonly HashSet<string> Stop = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "i", "me", "my", "we", "you", "do", "does", "did", "is", "are", "was", "be", "has", "have", "had",
        "what", "whats", "how", "who", "whos", "when", "if", "should", "can", "could", "would", "to", "for", "in", "with", "there",
        "this", "that", "it", "its", "please", "about", "our", "when", "whom", "pipeline", "runbook", "show", "tell",
    };

    /// <summary>Asking whom to call is asking for a contact, which is the runbooks' word for it.</summary>
    private static readonly string[] Contacting = ["call", "contact", "phone", "ping", "email", "ring", "tell"];

    public static CommandSpec Spec { get; } = new(
        "runbook",
        "runbook",
        ["runbook profit", "what do I do if the sales file has no header", "how do I handle bots in engagement data", "who do I call when sales data is late"],
        new CommandGrammar()
            .Cue(5, "runbook", "runbooks", "playbook", "procedure", "procedures", "sop")
            .Cue(4, "what do i do", "what should i do", "what to do", "what do we do", "how do i", "how do we", "how to", "how can i", "what if", "steps", "who do i call", "who should i call", "who do i contact", "who to call", "who to contact", "what now", "what next", "what should we do")
            .Cue(2, "handle", "fix", "deal with", "troubleshoot", "known issues", "recover")
            .Takes<PipelineEntity>(1)
            .Takes<HolidayEntity>()
            .Takes<MomentEntity>(),
        Read)
    {
        Topic = CommandSpec.PipelinesTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) =>
        Task.FromResult(reading.Slots.Search is { } search ? answers.Search(search) : answers.Runbook(reading.Slots.Pipeline));

    /// <summary>The pipeline when it is all the message names beside the cue; else the words to search for.</summary>
    private static Slots Read(Analysis a, bool[] cues)
    {
        var words = new List<string>();
        for (var i = 0; i < a.Count; i++)
        {
            if (a.EntityAt(i) is PipelineEntity || (!cues[i] && !Stop.Contains(a[i])))
            {
                words.Add(a[i]);
            }
        }

        var pipeline = a.First<PipelineEntity>();
        if (pipeline is not null && words.Count == pipeline.Count)
        {
            return new Slots { Pipeline = pipeline.Pipeline };
        }

        if (SlotReading.IndexOfAny(a, Contacting) >= 0 && !words.Contains("contact"))
        {
            words.Add("contact");
        }

        return words.Count == 0 ? new Slots() : new Slots { Search = words };
    }
}

/// <summary>"history growth": the pipeline's last runs, as Airflow and the run events know them.</summary>
internal sealed class History(PipelineAnswers answers) : ICommand
{
    public static CommandSpec Spec { get; } = new(
        "history",
        "job history of a pipeline",
        ["history growth", "last runs of profit"],
        new CommandGrammar()
            .Cue(6, "history", "job history", "run history", "past runs", "last runs", "previous runs", "recent runs", "last 10 runs")
            .Cue(1, "runs", "jobs")
            .Takes<PipelineEntity>(2),
        (a, _) => new Slots { Pipeline = SlotReading.Pipeline(a) })
    {
        Topic = CommandSpec.PipelinesTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) =>
        answers.HistoryAsync(turn, reading.Slots.Pipeline, reading.Slots.Unread, cancellationToken);
}
