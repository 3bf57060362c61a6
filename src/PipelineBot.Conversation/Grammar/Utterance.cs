namespace PipelineBot.Conversation.Grammar;

/// <summary>
/// One message as words, with the words a reader has already understood marked as used, so that what is left over
/// can be named when the bot did not understand it ("I don't know the pipeline 'grwoth'").
/// </summary>
internal sealed class Utterance
{
    private readonly bool[] _used;

    public Utterance(string text)
    {
        Text = text.Trim();
        Words = Grammar.Words.Tokens(text);
        _used = new bool[Words.Length];
    }

    public string Text { get; }

    public string[] Words { get; }

    public int Count => Words.Length;

    public string this[int index] => Words[index];

    public bool IsUsed(int index) => _used[index];

    public void Use(int start, int count = 1) => Array.Fill(_used, true, start, count);

    public bool Has(string word) => Array.IndexOf(Words, word) >= 0;

    public bool HasAny(params ReadOnlySpan<string> words)
    {
        foreach (var word in words)
        {
            if (Has(word))
            {
                return true;
            }
        }

        return false;
    }

    public bool StartsWith(params ReadOnlySpan<string> words)
    {
        if (words.Length > Words.Length)
        {
            return false;
        }

        for (var i = 0; i < words.Length; i++)
        {
            if (Words[i] != words[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Where the words appear one after the other, or -1.</summary>
    public int IndexOf(params ReadOnlySpan<string> words)
    {
        for (var start = 0; start + words.Length <= Words.Length; start++)
        {
            var match = true;
            for (var i = 0; i < words.Length && match; i++)
            {
                match = Words[start + i] == words[i];
            }

            if (match)
            {
                return start;
            }
        }

        return -1;
    }

    /// <summary>Marks every occurrence of each word as used.</summary>
    public void UseAll(params ReadOnlySpan<string> words)
    {
        for (var i = 0; i < Words.Length; i++)
        {
            foreach (var word in words)
            {
                if (Words[i] == word)
                {
                    _used[i] = true;
                }
            }
        }
    }

    /// <summary>Uses the words where they appear one after the other; true if they did.</summary>
    public bool UsePhrase(params ReadOnlySpan<string> words)
    {
        var at = IndexOf(words);
        if (at >= 0)
        {
            Use(at, words.Length);
        }

        return at >= 0;
    }

    /// <summary>The words not yet understood, without filler words.</summary>
    public IReadOnlyList<string> Leftover() =>
        [.. Words.Where((w, i) => !_used[i] && !Grammar.Words.Filler.Contains(w))];

    /// <summary>Runs of consecutive unused words that are not filler: the places a name may stand.</summary>
    public IEnumerable<(int Start, int Count)> OpenRuns()
    {
        var start = -1;
        for (var i = 0; i <= Words.Length; i++)
        {
            var open = i < Words.Length && !_used[i] && !Grammar.Words.Filler.Contains(Words[i]);
            if (open && start < 0)
            {
                start = i;
            }
            else if (!open && start >= 0)
            {
                yield return (start, i - start);
                start = -1;
            }
        }
    }
}
