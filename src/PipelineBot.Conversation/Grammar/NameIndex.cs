using PipelineBot.Domain.Text;

namespace PipelineBot.Conversation.Grammar;

/// <summary>Where a name was found in a message, and whether it was spelt exactly.</summary>
internal sealed record NameMatch<T>(T Target, int Start, int Count, int Distance);

/// <summary>
/// The names one kind of thing goes by (a pipeline's name, id and aliases; a person's id, name and first name), found
/// in a message exactly or, failing that, within the typo distance of <see cref="Similarity.Nearest"/>.
/// </summary>
internal sealed class NameIndex<T>
    where T : class
{
    private readonly Dictionary<string, T> _byPhrase = new(StringComparer.Ordinal);
    private readonly string[] _phrases;
    private readonly int _longest;

    public NameIndex(IEnumerable<(string Name, T Target)> names)
    {
        foreach (var (name, target) in names)
        {
            var phrase = Words.Normalize(name);
            // The first owner of a phrase keeps it: the catalog lists a thing's own name before its aliases.
            if (phrase.Length > 0)
            {
                _byPhrase.TryAdd(phrase, target);
            }
        }

        _phrases = [.. _byPhrase.Keys];
        _longest = _phrases.Length == 0 ? 0 : _phrases.Max(p => p.Count(c => c == ' ') + 1);
    }

    public IReadOnlyCollection<string> Phrases => _phrases;

    public T? Exact(string text) => _byPhrase.GetValueOrDefault(Words.Normalize(text));

    /// <summary>
    /// The best name among the message's unused words: the longest exact one, else the nearest typo of at least four
    /// letters that contains none of the <paramref name="keywords"/>. The words it covers are marked used.
    /// </summary>
    public NameMatch<T>? FindIn(Utterance utterance, IReadOnlySet<string> keywords, bool fuzzy = true)
    {
        NameMatch<T>? best = null;
        foreach (var (start, count, phrase) in Spans(utterance))
        {
            if (_byPhrase.TryGetValue(phrase, out var target) && (best is null || count > best.Count))
            {
                best = new NameMatch<T>(target, start, count, 0);
            }
        }

        if (best is null && fuzzy)
        {
            foreach (var (start, count, phrase) in Spans(utterance))
            {
                if (phrase.Length < 4 || utterance.Words.Skip(start).Take(count).Any(keywords.Contains))
                {
                    continue;
                }

                foreach (var candidate in Similarity.Nearest(phrase, _phrases, 1))
                {
                    var distance = Similarity.Distance(phrase, candidate);
                    if (best is null || distance < best.Distance || (distance == best.Distance && count > best.Count))
                    {
                        best = new NameMatch<T>(_byPhrase[candidate], start, count, distance);
                    }
                }
            }
        }

        if (best is not null)
        {
            utterance.Use(best.Start, best.Count);
        }

        return best;
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

        // "aggregate" alone is no typo of any name, but it starts several.
        return [.. _phrases.Where(p => p.Split(' ').Any(w => w.Length >= 3 && Similarity.Distance(w, phrase) <= 1)).Take(max)];
    }

    public T Target(string phrase) => _byPhrase[phrase];

    private IEnumerable<(int Start, int Count, string Phrase)> Spans(Utterance utterance)
    {
        for (var start = 0; start < utterance.Count; start++)
        {
            if (utterance.IsUsed(start) || Words.Filler.Contains(utterance[start]))
            {
                continue;
            }

            for (var count = 1; count <= _longest && start + count <= utterance.Count && !utterance.IsUsed(start + count - 1); count++)
            {
                if (!Words.Filler.Contains(utterance[start + count - 1]))
                {
                    yield return (start, count, string.Join(' ', utterance.Words, start, count));
                }
            }
        }
    }
}
