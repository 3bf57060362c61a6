using PipelineBot.Conversation.Answers;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Domain.Incidents;

namespace PipelineBot.Conversation.Commands;

/// <summary>"incidents", "what's broken": the open incidents (or all of them).</summary>
internal sealed class Incidents(IncidentAnswers answers) : ICommand
{
    private static readonly string[] Everything = ["all", "recent", "resolved", "closed", "history", "past"];

    public static CommandSpec Spec { get; } = new(
        "incidents",
        "incidents",
        ["incidents", "what's broken", "anything on fire?"],
        new CommandGrammar()
            .Cue(5, "incidents", "incident")
            .Cue(4, "broken", "on fire", "fire", "failing", "outage", "outages", "problems", "whats wrong", "down", "alerts", "firing", "whats going on", "whats happening")
            .Cue(2, "open", "all", "recent"),
        (a, _) => new Slots { State = a.HasAny(Everything) ? "all" : "open" })
    {
        Topic = CommandSpec.IncidentsTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) =>
        answers.ListAsync(reading.Slots.State == "all", cancellationToken);
}

/// <summary>"INC-12", "what happened to INC-12": one incident's card.</summary>
internal sealed class ShowIncident(IncidentAnswers answers) : ICommand
{
    public static CommandSpec Spec { get; } = new(
        "incident",
        "one incident",
        ["INC-12", "what happened to INC-12"],
        new CommandGrammar()
            .Cue(2, "what happened", "details", "detail", "show", "tell me about", "about", "info", "status", "card", "whats")
            .Takes<IncidentEntity>(5)
            .Requires(a => a.First<IncidentEntity>() is not null),
        (a, _) => new Slots { Incident = SlotReading.Incident(a, bareNumber: false) })
    {
        Topic = CommandSpec.IncidentsTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) => answers.ShowAsync(reading.Slots.Incident!.Value, cancellationToken);
}

/// <summary>"ack INC-12", "I've got INC-12": the Acknowledge button by message.</summary>
internal sealed class Acknowledge(IncidentAnswers answers) : ICommand
{
    private static readonly string[] Verbs = ["ack", "acknowledge", "acked", "acknowledged", "acking"];

    public static CommandSpec Spec { get; } = new(
        "ack",
        "acknowledge an incident",
        ["ack INC-12", "I've got INC-12"],
        new CommandGrammar()
            .Cue(6, Verbs)
            .Cue(5, "ive got", "i got", "got it", "im on", "i am on", "on it", "taking", "i take", "ill take", "i will take", "looking into", "claim", "mine")
            .Takes<IncidentEntity>(5)
            .Takes<NumberEntity>(3)
            .Requires(a => a.First<IncidentEntity>() is not null || a.First<NumberEntity>() is not null || a.HasAny(Verbs)),
        (a, _) => new Slots { Incident = SlotReading.Incident(a, bareNumber: true) })
    {
        Topic = CommandSpec.IncidentsTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) =>
        answers.AcknowledgeAsync(turn, reading.Slots.Incident, cancellationToken);
}

/// <summary>"resolve INC-12 reloaded the file", "INC-12 is fixed": the Resolve button by message, with a note.</summary>
internal sealed class Resolve(IncidentAnswers answers) : ICommand
{
    private static readonly string[] Verbs = ["resolve", "resolved", "resolving", "close", "closed", "closing", "fixed", "fix"];

    public static CommandSpec Spec { get; } = new(
        "resolve",
        "resolve an incident",
        ["resolve INC-12 reloaded the file", "INC-12 is fixed"],
        new CommandGrammar()
            .Cue(6, Verbs)
            .Cue(3, "done with", "sorted", "solved", "mark")
            .Takes<IncidentEntity>(5)
            .Takes<NumberEntity>(3)
            .Requires(a => a.First<IncidentEntity>() is not null || a.First<NumberEntity>() is not null || a.HasAny("resolve", "close")),
        Read)
    {
        Topic = CommandSpec.IncidentsTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) =>
        answers.ResolveAsync(turn, reading.Slots.Incident, reading.Slots.Note, cancellationToken);

    /// <summary>
    /// The note is what follows the incident and the verb, whichever came last: "resolve INC-12 reloaded the file",
    /// "INC-12 resolved: reloaded the file"; "INC-12 is fixed" has none.
    /// </summary>
    private static Slots Read(Analysis a, bool[] cues)
    {
        var incident = (Entity?)a.First<IncidentEntity>() ?? a.First<NumberEntity>();
        var slots = new Slots { Incident = SlotReading.Incident(a, bareNumber: true) };
        var verb = Enumerable.Range(0, a.Count).FirstOrDefault(i => cues[i] && Verbs.Contains(a[i]), -1);
        if (incident is null || verb < 0)
        {
            return slots;
        }

        var note = a.TextFrom(Math.Max(incident.End, verb + 1)).Trim().TrimStart(':', ',', '-', '–', '—').Trim();
        return note.Length == 0 ? slots : slots with { Note = note };
    }
}

/// <summary>"rerun INC-12", "rerun profit for 2026-11-20 batch 42 environment prod": the Rerun button by message, with parameters.</summary>
internal sealed class Rerun(IncidentAnswers answers) : ICommand
{
    public static CommandSpec Spec { get; } = new(
        "rerun",
        "rerun a pipeline",
        ["rerun INC-12", "rerun profit for 2026-11-20 batch 42 environment prod", "rerun aggregate growth with adaptive execution"],
        new CommandGrammar()
            .Cue(6, "rerun", "re run", "rerunning", "retry", "run again", "run it again")
            .Cue(4, "restart", "trigger", "kick off")
            .Takes<IncidentEntity>(3)
            .Takes<NumberEntity>(2)
            .Takes<PipelineEntity>(1)
            .Takes<MomentEntity>(1)
            .Takes<ParameterEntity>(1),
        (a, _) => new Slots
        {
            Incident = SlotReading.Incident(a, bareNumber: true),
            Pipeline = SlotReading.Pipeline(a),
            Date = SlotReading.Date(a),
            Batch = SlotReading.Parameter(a, ParameterEntity.Batch),
            Environment = SlotReading.Parameter(a, ParameterEntity.Environment),
            Adaptive = SlotReading.Parameter(a, ParameterEntity.Adaptive) is not null,
        })
    {
        Topic = CommandSpec.IncidentsTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) => answers.RerunAsync(turn, reading.Slots, cancellationToken);
}

/// <summary>"logs INC-12": the tail of the failed task's log, from Airflow.</summary>
internal sealed class Logs(LogAnswers answers) : ICommand
{
    public static CommandSpec Spec { get; } = new(
        "logs",
        "the failed task's log",
        ["logs INC-12", "show me the log of INC-12"],
        new CommandGrammar()
            .Cue(6, "logs", "log", "stack trace", "stacktrace", "traceback", "error log", "task log")
            .Takes<IncidentEntity>(3)
            .Takes<NumberEntity>(2)
            .Requires(a => a.First<IncidentEntity>() is not null || a.First<NumberEntity>() is not null),
        (a, _) => new Slots { Incident = SlotReading.Incident(a, bareNumber: true) })
    {
        Topic = CommandSpec.IncidentsTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) =>
        answers.TailAsync(reading.Slots.Incident!.Value, cancellationToken);
}

/// <summary>
/// "escalate INC-12 to mapping: the region code is unmapped", "hand INC-12 to the ETL developer": the incident goes to
/// the Tech BA (mapping errors) or the ETL Developer (implementation errors), with an optional note.
/// </summary>
internal sealed class Escalate(IncidentAnswers answers) : ICommand
{
    private static readonly string[] Mapping = ["mapping", "mappings", "map", "ba", "analyst"];
    private static readonly string[] Implementation = ["implementation", "etl", "developer", "dev", "code"];

    // "ba", "tech", "developer" are read here but are no cues: they are words of the catalog's names of people
    // ("Tech BA", "ETL Developer"), which the typo search for names must keep.

    /// <summary>Words that name a role with an expert word ("tech ba", "etl team"): part of the role, not of the note.</summary>
    private static readonly string[] RoleWords = ["tech", "business", "team", "please"];
    private static readonly string[] NoteCues = ["note", "saying", "with"];

    public static CommandSpec Spec { get; } = new(
        "escalate",
        "hand an incident to an expert",
        ["escalate INC-12 to mapping: the region code is unmapped", "escalate INC-12 to etl"],
        new CommandGrammar()
            .Cue(6, "escalate", "escalating", "hand over", "handover", "hand off", "hand", "pass", "reassign")
            .Cue(3, "mapping", "mappings", "map", "analyst")
            .Cue(3, "implementation", "etl", "code")
            .Cue(2, "expert", "experts")
            .Takes<IncidentEntity>(4)
            .Takes<NumberEntity>(2)
            .Requires(a => (a.First<IncidentEntity>() is not null || a.First<NumberEntity>() is not null) && a.HasAny("escalate", "escalating", "hand", "handover", "pass", "reassign")),
        (a, _) => Read(a))
    {
        Topic = CommandSpec.IncidentsTopic,
    };

    public Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken) =>
        answers.EscalateAsync(turn, reading.Slots.Incident, reading.Slots.Expert, reading.Slots.Note, cancellationToken);

    /// <summary>The area is the first expert word; the note is what follows it ("to mapping: the code is unmapped").</summary>
    private static Slots Read(Analysis a)
    {
        var slots = new Slots { Incident = SlotReading.Incident(a, bareNumber: true) };
        var incident = (Entity?)a.First<IncidentEntity>() ?? a.First<NumberEntity>();
        for (var i = 0; i < a.Count; i++)
        {
            // Expert words are read whatever else took them: "etl" may also be part of a pipeline's name.
            if (incident is not null && i >= incident.Start && i < incident.End)
            {
                continue;
            }

            ExpertArea? area = Mapping.Contains(a[i]) ? ExpertArea.Mapping : Implementation.Contains(a[i]) ? ExpertArea.Implementation : null;
            if (area is null)
            {
                continue;
            }

            // "tech ba", "etl developer": the note starts after the whole name of the role.
            var end = i + 1;
            while (end < a.Count && (Mapping.Contains(a[end]) || Implementation.Contains(a[end]) || RoleWords.Contains(a[end])))
            {
                end++;
            }

            if (incident is not null && incident.Start >= end)
            {
                end = incident.End;
            }

            while (end < a.Count && NoteCues.Contains(a[end]))
            {
                end++;
            }

            var note = a.TextFrom(end).Trim().TrimStart(':', ',', '-', '–', '—').Trim();
            return slots with { Expert = area, Note = note.Length == 0 ? null : note };
        }

        return slots;
    }
}
