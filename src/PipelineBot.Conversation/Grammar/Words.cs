using System.Text;

namespace PipelineBot.Conversation.Grammar;

/// <summary>
/// Turns what people type into comparable words: lower case, apostrophes dropped (so "who's", "who’s" and "whos" are
/// one word), punctuation as spaces. Digits joined by '-' or ':' stay one word, so "2026-12-25" and "15:00" survive.
/// Catalog names go through the same steps, so "New Year's Day" and "new years day" meet.
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

    public static string[] Tokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (c is '\'' or '’' or '‘' or '`' or '´')
            {
                // "who's" is one word; dropping the apostrophe keeps possessives ("jackson's") next to their name.
            }
            else if (c is '-' or ':' && i > 0 && i + 1 < text.Length && char.IsDigit(text[i - 1]) && char.IsDigit(text[i + 1]))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(' ');
            }
        }

        var tokens = builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Array.IndexOf(tokens, "oncall") < 0 ? tokens : [.. tokens.SelectMany(t => t == "oncall" ? ["on", "call"] : new[] { t })];
    }

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
}
