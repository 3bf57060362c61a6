using PipelineBot.Domain.Text;

namespace PipelineBot.Conversation.Grammar;

/// <summary>A name found in a message: what it names (several when people share it), how many words it took, and how.</summary>
internal sealed record NameMatch<T>(IReadOnlyList<T> Targets, int Count, int Distance, bool Possessive);

/// <summary>
/// The names one kind of thing goes by (a pipeline's name, id and aliases; a person's id, name and first name; a
/// holiday's name and aliases), found among a message's free words exactly or, failing that, within a typo.
/// </summary>
internal sealed class NameIndex<T>
    where T : class
{
    private readonly Dictionary<string, List<T>> _byPhrase = new(StringComparer.Ordinal);
    private readonly string[] _phrases;
    private readonly Dictionary<int, (string Phrase, string[] Words)[]> _byWordCount;
    private readonly int _longest;

    public NameIndex(IEnumerable<(string Name, T Target)> names)
    {
        foreach (var (name, target) in names)
        {
            var phrase = Words.Normalize(name);
            if (phrase.Length == 0)
            {
                continue;
            }

            if (!_byPhrase.TryGetValue(phrase, out var targets))
            {
                _byPhrase[phrase] = targets = [];
            }

            // A thing listed twice under one name (a person whose id is their first name) is still one thing.
            if (!targets.Contains(target))
            {
                targets.Add(target);
            }
        }

        _phrases = [.. _byPhrase.Keys];
        _byWordCount = _phrases.Select(p => (Phrase: p, Words: p.Split(' '))).GroupBy(p => p.Words.Length).ToDictionary(g => g.Key, g => g.ToArray());
        _longest = _byWordCount.Count == 0 ? 0 : _byWordCount.Keys.Max();
    }

    public IReadOnlyCollection<string> Phrases => _phrases;

    public IReadOnlyList<T> Targets(string phrase) => _byPhrase.TryGetValue(phrase, out var targets) ? targets : [];

    /// <summary>
    /// The longest name spelt exactly in the free words from <paramref name="start"/>; with <paramref name="possessive"/>,
    /// a one-word name also matches with an "s" after it ("jacksons", from "Jackson's").
    /// </summary>
    public NameMatch<T>? ExactAt(Analysis analysis, int start, bool possessive = false)
    {
        for (var count = Math.Min(_longest, analysis.Count - start); count >= 1; count--)
        {
            if (analysis.AllFree(start, count) && _byPhrase.TryGetValue(string.Join(' ', analysis.Words, start, count), out var targets))
            {
                return new NameMatch<T>(targets, count, 0, false);
            }
        }

        var word = analysis.At(start);
        if (possessive && analysis.IsFree(start) && word is { Length: > 2 } && word.EndsWith('s')
            && _byPhrase.TryGetValue(word[..^1], out var owners))
        {
            return new NameMatch<T>(owners, 1, 0, true);
        }

        return null;
    }

    /// <summary>
    /// The nearest name within a typo of the words from <paramref name="start"/>, using only words <paramref name="open"/>
    /// allows; a name shorter than four letters is never guessed. A name is compared with as many words, all but one of
    /// them spelt right (a typo is one slip, and this keeps the search to a few comparisons), or with one word more or
    /// fewer, for a space lost or added ("growthlead").
    /// </summary>
    public NameMatch<T>? TypoAt(Analysis analysis, int start, Func<int, bool> open)
    {
        NameMatch<T>? best = null;
        for (var count = 1; count <= _longest + 1 && start + count <= analysis.Count && open(start + count - 1); count++)
        {
            var phrase = count == 1 ? analysis[start] : string.Join(' ', analysis.Words, start, count);
            if (phrase.Length < 4)
            {
                continue;
            }

            var allowed = Math.Max(1, phrase.Length / 3);
            foreach (var (candidate, words) in Candidates(count))
            {
                // A space lost or added is the slip itself: one edit, and the rest spelt right.
                var sameWords = words.Length == count;
                if (Math.Abs(candidate.Length - phrase.Length) > (sameWords ? allowed : 1)
                    || (sameWords ? !AllButOneEqual(analysis.Words, start, words) : candidate[0] != phrase[0] && candidate[^1] != phrase[^1]))
                {
                    continue;
                }

                var distance = Similarity.Distance(phrase, candidate);
                if (distance <= (sameWords ? Math.Max(1, Math.Max(phrase.Length, candidate.Length) / 3) : 1)
                    && (best is null || distance < best.Distance || (distance == best.Distance && count > best.Count)))
                {
                    best = new NameMatch<T>(_byPhrase[candidate], count, distance, false);
                }
            }
        }

        return best;
    }

    private IEnumerable<(string Phrase, string[] Words)> Candidates(int count)
    {
        for (var words = Math.Max(1, count - 1); words <= count + 1; words++)
        {
            if (_byWordCount.TryGetValue(words, out var candidates))
            {
                foreach (var candidate in candidates)
                {
                    yield return candidate;
                }
            }
        }
    }

    private static bool AllButOneEqual(string[] message, int start, string[] name)
    {
        var different = 0;
        for (var i = 0; i < name.Length && different <= 1; i++)
        {
            different += message[start + i] == name[i] ? 0 : 1;
        }

        return different <= 1;
    }

    /// <summary>Names close to <paramref name="text"/>, for "did you mean"; the words of a longer name count too.</summary>
    public IReadOnlyList<string> Suggest(string text, int max = 3)
    {
        var phrase = Words.Normalize(text);
        var near = Similarity.Nearest(phrase, _phrases, max);
        if (near.Count > 0)
        {
            return near;
        }

        // "aggregate" alone is no typo of any name, but a word of several; "jack" is the start of one.
        return [.. _phrases.Where(p => phrase.Length >= 3 && p.Split(' ').Any(w => w.StartsWith(phrase, StringComparison.Ordinal) || Similarity.Distance(w, phrase) <= 1)).Take(max)];
    }
}
