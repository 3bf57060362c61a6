using System.Text;

namespace PipelineBot.Conversation.Grammar;

/// <summary>A word of a message and where it stands in the text (so a resolve note can be cut from what was typed).</summary>
/// <param name="Start">The index of its first character in the message.</param>
/// <param name="End">The index just past its last character.</param>
internal readonly record struct Token(string Text, int Start, int End);

/// <summary>
/// Turns what people type into comparable words: lower case, apostrophes dropped (so "who's", "who’s" and "whos" are
/// one word, and "Jackson's" stays next to its name), punctuation as spaces. Digits joined by '-', ':', '/' or '.' stay
/// one word, so "2026-12-25", "15:00" and "25/12" survive, and '#' stays on a number ("#12"). Catalog names go through
/// the same steps, so "New Year's Day" and "new years day" meet.
/// </summary>
internal static class Words
{
    /// <summary>Words that carry no meaning for matching names or searching the runbooks.</summary>
    public static readonly IReadOnlySet<string> Filler = new HashSet<string>(StringComparer.Ordinal)
    {
        "a", "an", "the", "is", "are", "was", "be", "of", "to", "in", "on", "at", "for", "with", "and", "or", "it", "its",
        "i", "me", "we", "you", "do", "does", "did", "what", "whats", "how", "hows", "who", "whos", "when", "which", "if",
        "please", "pls", "can", "could", "would", "should", "tell", "show", "give", "my", "our", "this", "that", "there",
        "has", "have", "about", "from", "by", "so", "then", "any", "some", "up", "doing", "going", "get", "got", "hey", "hi",
        "pipelinebot", "bot",
    };

    public static Token[] Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>();
        var word = new StringBuilder();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var digitBefore = i > 0 && char.IsDigit(text[i - 1]);
            var digitAfter = i + 1 < text.Length && char.IsDigit(text[i + 1]);
            if (char.IsLetterOrDigit(c) || (c == '#' && word.Length == 0 && digitAfter))
            {
                if (word.Length == 0)
                {
                    start = i;
                }

                word.Append(char.ToLowerInvariant(c));
            }
            else if (c is '\'' or '’' or '‘' or '`' or '´')
            {
                // Dropped inside a word: "who's" is one word, and a possessive stays on its name ("jacksons").
            }
            else if (c is '-' or ':' or '/' or '.' && word.Length > 0 && digitBefore && digitAfter)
            {
                word.Append(c);
            }
            else
            {
                Flush(text, tokens, word, start, i);
            }
        }

        Flush(text, tokens, word, start, text.Length);
        return [.. tokens];
    }

    public static string[] Tokens(string text) => [.. Read(text).Select(t => t.Text)];

    /// <summary>The words of a name joined by single spaces: the form catalog names are looked up in.</summary>
    public static string Normalize(string text) => string.Join(' ', Tokens(text));

    /// <summary>
    /// A light stem so that "files", "headers" and "duplicated" meet "file", "header" and "duplicates": good enough for
    /// a word-overlap search over a few dozen runbook lines, and predictable.
    /// </summary>
    public static string Stem(string word)
    {
        var stem = word;
        if (stem.Length > 4 && stem.EndsWith("ies", StringComparison.Ordinal))
        {
            stem = stem[..^3] + "y";
        }
        else if (stem.Length > 5 && stem.EndsWith("ing", StringComparison.Ordinal))
        {
            stem = stem[..^3];
        }
        else if (stem.Length > 4 && stem.EndsWith("ed", StringComparison.Ordinal))
        {
            stem = stem[..^2];
        }
        else if (stem.Length > 3 && stem.EndsWith('s') && !stem.EndsWith("ss", StringComparison.Ordinal))
        {
            stem = stem[..^1];
        }

        return stem.Length > 3 && stem.EndsWith('e') ? stem[..^1] : stem;
    }

    private static void Flush(string text, List<Token> tokens, StringBuilder word, int start, int end)
    {
        if (word.Length == 0)
        {
            return;
        }

        var value = word.ToString();
        word.Clear();

        // "oncall" and "on-call" are the same two words.
        if (value == "oncall")
        {
            tokens.Add(new Token("on", start, end));
            tokens.Add(new Token("call", start, end));
            return;
        }

        tokens.Add(new Token(value, start, Math.Min(end, text.Length)));
    }
}
