using NodaTime;
using PipelineBot.Domain.Text;

namespace PipelineBot.Conversation.Grammar;

/// <summary>
/// A command as people meet it: its intent, its title and example phrasings (for help, and for the nearest commands
/// when nothing was understood), the grammar that recognises it, and how its slots are read from a message.
/// </summary>
/// <param name="Read">Reads the slots, given the analysis and which words the command's cues took.</param>
internal sealed record CommandSpec(string Intent, string Title, IReadOnlyList<string> Examples, CommandGrammar Grammar, Func<Analysis, bool[], Slots> Read)
{
    public const string OnCall = "On call";
    public const string PipelinesTopic = "Pipelines";
    public const string IncidentsTopic = "Incidents";
    public const string HolidaysTopic = "Holidays and trades";
    public const string ThisChannel = "This channel";

    /// <summary>The part of help it is listed under; null for none (small talk).</summary>
    public string? Topic { get; init; }
}

/// <summary>
/// Reads a message as one command's intent plus slots, with no cloud service: the entities first (<see cref="EntityReader"/>),
/// then every registered command's grammar is scored (<see cref="CommandGrammar"/>) and the best above
/// <see cref="Threshold"/> reads its slots. A word the grammar does not know but is one typo from one of its cue words
/// is read as that word ("stauts"). When a slot could mean two things equally well (two people share a first name;
/// 05/06 with no locale to decide) the reading carries a question with a choice for each meaning.
/// </summary>
internal sealed class Understanding
{
    /// <summary>The least score that counts as understood: one clear cue, or a name with nothing against it.</summary>
    public const double Threshold = 2;

    private readonly IReadOnlyList<CommandSpec> _commands;
    private readonly CatalogNames _names;
    private readonly EntityReader _entities;
    private readonly string[] _cueWords;
    private readonly HashSet<string> _known;

    public Understanding(CatalogNames names, IEnumerable<CommandSpec> commands)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = names;
        _commands = [.. commands];
        _cueWords = [.. _commands.SelectMany(c => c.Grammar.Words).Where(w => w.Length >= 5).Distinct(StringComparer.Ordinal)];
        _known = [.. _commands.SelectMany(c => c.Grammar.Words), .. DateReader.KnownWords, .. Words.Filler, .. Generic];
        _entities = new EntityReader(names, new DateReader(names.Holidays), _known);
    }

    /// <summary>Words about pipelines and shifts in general, which name nothing on their own.</summary>
    public static readonly IReadOnlySet<string> Generic = new HashSet<string>(StringComparer.Ordinal)
    {
        "pipeline", "pipelines", "run", "runs", "load", "loads", "job", "jobs", "dag", "dags", "data", "shift", "shifts", "team",
        "please", "thanks", "now", "ok", "okay", "yes", "no", "am", "im", "ive", "id", "ill", "mine", "us", "our", "your",
        "wholl", "whod", "whove", "anyone", "anybody", "someone", "somebody", "engineer", "person", "people", "be", "will",
    };

    public Analysis Analyse(string text, Instant now, DateTimeZone zone, string? locale) => _entities.Read(text, now, zone, locale);

    public Reading Read(string text, Instant now, DateTimeZone zone, string? locale)
    {
        var analysis = Analyse(text, now, zone, locale);
        var words = Corrected(analysis);
        CommandSpec? best = null;
        var bestScore = double.MinValue;
        bool[]? bestCues = null;
        foreach (var command in _commands)
        {
            if (command.Grammar.Score(analysis, words) is var (score, cues) && score > bestScore)
            {
                (best, bestScore, bestCues) = (command, score, cues);
            }
        }

        if (best is null || bestScore < Threshold)
        {
            return new Reading(Reading.Unknown, new Slots { Unread = Unread(analysis, new bool[analysis.Count]) }, bestScore);
        }

        var slots = best.Read(analysis, bestCues!) with
        {
            Unread = Unread(analysis, bestCues!),
            UnreadName = UnreadName(analysis, bestCues!),
            Unreadable = analysis.First<UnreadableEntity>()?.Text,
            UnreadableWhy = analysis.First<UnreadableEntity>()?.Why,
        };
        return Ask(analysis, best, slots, bestScore) ?? new Reading(best.Intent, slots, bestScore);
    }

    /// <summary>The free words no entity took, and not words of the grammar: what the reader could not place.</summary>
    public IReadOnlyList<string> Unread(Analysis analysis, bool[] cues) =>
        [.. Enumerable.Range(0, analysis.Count).Where(i => IsUnread(analysis, cues, i)).Select(i => analysis[i])];

    private bool IsUnread(Analysis analysis, bool[] cues, int i) => analysis.IsFree(i) && !cues[i] && !_known.Contains(analysis[i]);

    /// <summary>The unread words after "for", "of" or "about" (and any unread words right after those): where a name stands.</summary>
    private List<string> UnreadName(Analysis analysis, bool[] cues)
    {
        var words = new List<string>();
        var named = false;
        for (var i = 0; i < analysis.Count; i++)
        {
            var unread = IsUnread(analysis, cues, i);
            named = unread ? named : analysis[i] is "for" or "of" or "about" || (named && analysis[i] is "the" or "a");
            if (unread && named)
            {
                words.Add(analysis[i]);
            }
        }

        return words;
    }

    /// <summary>The message's words, with a word the grammar does not know read as the cue word it is one typo from.</summary>
    private string[] Corrected(Analysis analysis)
    {
        var words = (string[])analysis.Words.Clone();
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i].Length >= 5 && analysis.IsFree(i) && !_known.Contains(words[i]))
            {
                var near = _cueWords.Where(c => Math.Abs(c.Length - words[i].Length) <= 1 && Similarity.Distance(c, words[i]) <= 1).Take(2).ToList();
                if (near.Count == 1)
                {
                    words[i] = near[0];
                }
            }
        }

        return words;
    }

    /// <summary>A name that means only this person: their full name, else their id.</summary>
    private string Unique(Domain.Catalog.Member member) => _names.People.Targets(Words.Normalize(member.Name)).Count == 1 ? member.Name : member.Id;

    /// <summary>
    /// The question to ask when an entity the winning command takes has two meanings: one choice per meaning, each the
    /// message again with that entity written so it can only mean one thing.
    /// </summary>
    private Reading? Ask(Analysis analysis, CommandSpec command, Slots slots, double score)
    {
        foreach (var entity in analysis.Entities.Where(command.Grammar.TakesEntity))
        {
            var (question, meanings) = entity switch
            {
                PersonEntity { Candidates.Count: > 1 } person => (
                    $"Which {analysis.TextOf(person.Start, person.Count)} do you mean?",
                    person.Candidates.Select(m => (m.Name, Unique(m) + (person.Possessive ? "'s" : ""))).ToList()),
                MomentEntity { Readings.Count: > 1 } moment => (
                    $"Which date do you mean by {analysis.TextOf(moment.Start, moment.Count)}?",
                    moment.Readings.OfType<Day>().Select(d => (TimeText.Format(d.Date), NodaTime.Text.LocalDatePattern.Iso.Format(d.Date))).ToList()),
                _ => (null, []),
            };
            if (question is null)
            {
                continue;
            }

            var before = analysis.Text[..analysis.Tokens[entity.Start].Start];
            var after = analysis.Text[analysis.Tokens[entity.End - 1].End..];
            return new Reading(command.Intent, slots, score)
            {
                Question = question,
                Choices = [.. meanings.Select(m => new Choice(m.Item1, $"{before}{m.Item2}{after}"))],
            };
        }

        return null;
    }
}
