namespace PipelineBot.Conversation.Grammar;

/// <summary>
/// How one command is recognised, as a score: cue phrases that speak for it, phrases that speak against it, the kinds
/// of entity it takes, and conditions it cannot do without. The score of a message is the sum of the weights of the
/// cues found (each word counted once, longest phrase first, never inside an entity), plus the weight of each kind of
/// entity present that the command takes, minus <see cref="UnwantedEntity"/> for each kind it does not take. The
/// command with the highest score above <see cref="Understanding.Threshold"/> wins.
/// </summary>
internal sealed class CommandGrammar
{
    /// <summary>What an entity the command has no use for costs it: "status INC-12" is about the incident.</summary>
    public const double UnwantedEntity = 1;

    private readonly List<(string[] Words, double Weight)> _cues = [];
    private readonly Dictionary<Type, double> _takes = [];
    private readonly List<Func<Analysis, bool>> _requires = [];

    /// <summary>Phrases that speak for the command.</summary>
    public CommandGrammar Cue(double weight, params string[] phrases) => AddCues(weight, phrases);

    /// <summary>Phrases that speak against it ("am I" turns "on call" into a question about the speaker's own shifts).</summary>
    public CommandGrammar Against(double weight, params string[] phrases) => AddCues(-weight, phrases);

    /// <summary>A kind of entity the command reads a slot from, and how much its presence speaks for the command.</summary>
    public CommandGrammar Takes<T>(double weight = 0)
        where T : Entity
    {
        _takes[typeof(T)] = weight;
        return this;
    }

    /// <summary>A condition without which the command is not considered at all.</summary>
    public CommandGrammar Requires(Func<Analysis, bool> condition)
    {
        _requires.Add(condition);
        return this;
    }

    public bool TakesEntity(Entity entity) => _takes.ContainsKey(entity.GetType());

    /// <summary>Every word of every cue phrase: words the grammar knows, which no typo search for a name may take.</summary>
    public IEnumerable<string> Words => _cues.SelectMany(c => c.Words);

    /// <summary>The message's score for this command, and which of its words the cues took; null when a requirement fails.</summary>
    public (double Score, bool[] CueWords)? Score(Analysis analysis, IReadOnlyList<string> words)
    {
        foreach (var requirement in _requires)
        {
            if (!requirement(analysis))
            {
                return null;
            }
        }

        var taken = new bool[words.Count];
        var score = 0.0;
        foreach (var (cue, weight) in _cues)
        {
            for (var start = 0; start + cue.Length <= words.Count; start++)
            {
                if (Fits(analysis, words, taken, start, cue))
                {
                    Array.Fill(taken, true, start, cue.Length);
                    score += weight;
                }
            }
        }

        foreach (var kind in analysis.Entities.Select(e => e.GetType()).Distinct())
        {
            score += _takes.TryGetValue(kind, out var weight) ? weight : kind == typeof(UnreadableEntity) ? 0 : -UnwantedEntity;
        }

        return (score, taken);
    }

    private CommandGrammar AddCues(double weight, string[] phrases)
    {
        foreach (var phrase in phrases)
        {
            _cues.Add((Grammar.Words.Tokens(phrase), weight));
        }

        // Longest first, so that "on call" takes its words before "call" alone can.
        _cues.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
        return this;
    }

    private static bool Fits(Analysis analysis, IReadOnlyList<string> words, bool[] taken, int start, string[] cue)
    {
        for (var i = 0; i < cue.Length; i++)
        {
            if (taken[start + i] || !analysis.IsFree(start + i) || words[start + i] != cue[i])
            {
                return false;
            }
        }

        return true;
    }
}
