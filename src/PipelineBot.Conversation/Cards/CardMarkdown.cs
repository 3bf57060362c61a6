using System.Text;
using NodaTime;

namespace PipelineBot.Conversation.Cards;

/// <summary>
/// The small Markdown of card text (Adaptive Cards' subset: <c>**bold**</c>, <c>_italic_</c>, <c>- </c> bullets,
/// <c>[text](url)</c>, backslash escapes), escaped for data and translated for Slack and for plain text.
/// </summary>
public static class CardMarkdown
{
    // "<" starts raw HTML, which Web Chat's Markdown renders (markdown-it with html on) and then strips when it is no
    // tag it allows, so "<holiday>" would vanish; Adaptive Cards show no HTML, and "\<" shows "<" in both.
    private const string Specials = "\\*_[]`~<";

    /// <summary>
    /// Text made inert for CommonMark: every character that could start Markdown, HTML, an entity or an Adaptive Cards
    /// date function is backslash-escaped (CommonMark escapes, which the card renderers and Web Chat honour), so it
    /// shows exactly as written.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length + 8);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (Specials.Contains(c) || (lineStart && c is '-' or '+' or '#' or '>') || (c == '.' && StartsNumberedItem(text, i))
                || (c == '&' && StartsEntity(text, i)) || (c == '{' && i + 1 < text.Length && text[i + 1] == '{'))
            {
                result.Append('\\');
            }

            result.Append(c);
            lineStart = c == '\n' || (lineStart && c == ' ');
        }

        return result.ToString();
    }

    /// <summary>
    /// Slack mrkdwn: bold becomes <c>*x*</c>, links <c>&lt;url|text&gt;</c> (http, https and mailto only), bullets •, a
    /// time written for each reader Slack's <c>&lt;!date&gt;</c> (with its time in <paramref name="zone"/> for clients
    /// that cannot), and every other <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> is escaped as Slack asks, so no text can
    /// mention <c>@channel</c>, a person or a link of its own.
    /// </summary>
    internal static string ToMrkdwn(string markdown, DateTimeZone zone) => Convert(markdown, slack: true, zone);

    /// <summary>The text as a reader sees it, without Markdown marks (for plain-text fields and notifications); a time written for each reader is in <paramref name="zone"/>, named.</summary>
    internal static string ToPlain(string markdown, DateTimeZone zone) => Convert(markdown, slack: false, zone);

    private static string Convert(string markdown, bool slack, DateTimeZone zone)
    {
        var result = new StringBuilder(markdown.Length + 16);
        var lineStart = true;
        var i = 0;
        while (i < markdown.Length)
        {
            var c = markdown[i];
            var next = i + 1 < markdown.Length ? markdown[i + 1] : '\0';
            if (lineStart && c is '-' or '*' or '+' && next == ' ')
            {
                result.Append(slack ? "• " : "- ");
                i += 2;
            }
            else if (c == '\\' && IsEscapable(next))
            {
                Literal(result, next, slack);
                i += 2;
            }
            else if (c == '*' && next == '*')
            {
                result.Append(slack ? "*" : "");
                i += 2;
            }
            else if (c == '*')
            {
                result.Append(slack ? "_" : "");
                i++;
            }
            else if (c == '{' && CardWriter.ReaderLocalAt(markdown, i) is var (at, timeEnd))
            {
                result.Append(slack ? CardWriter.SlackDate(at, zone) : TimeText.Format(at, zone));
                i = timeEnd;
            }
            else if (c == '[' && Link(markdown, i) is var (text, url, end))
            {
                var (label, target) = (Convert(text, slack, zone), Unescape(url));
                result.Append(slack && IsLinkable(target) ? $"<{Escape(target, slack).Replace("|", "%7C", StringComparison.Ordinal)}|{label}>" : label);
                i = end;
            }
            else
            {
                Literal(result, c, slack);
                i++;
            }

            lineStart = c == '\n';
        }

        return result.ToString();
    }

    private static void Literal(StringBuilder result, char c, bool slack) => result.Append(slack ? c switch
    {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        _ => c.ToString(),
    } : c.ToString());

    private static string Escape(string text, bool slack)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            Literal(result, c, slack);
        }

        return result.ToString();
    }

    private static string Unescape(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && IsEscapable(text[i + 1]))
            {
                i++;
            }

            result.Append(text[i]);
        }

        return result.ToString();
    }

    /// <summary>A <c>[text](url)</c> starting at <paramref name="start"/>: brackets escaped with a backslash do not count.</summary>
    private static (string Text, string Url, int End)? Link(string markdown, int start)
    {
        var close = Unescaped(markdown, ']', start + 1);
        if (close < 0 || close + 1 >= markdown.Length || markdown[close + 1] != '(')
        {
            return null;
        }

        var end = Unescaped(markdown, ')', close + 2);
        return end < 0 ? null : (markdown[(start + 1)..close], markdown[(close + 2)..end], end + 1);
    }

    private static int Unescaped(string text, char wanted, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == wanted)
            {
                return i;
            }
            else if (text[i] == '\n')
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>CommonMark lets a backslash escape exactly the ASCII punctuation.</summary>
    private static bool IsEscapable(char c) => c is > ' ' and < (char)127 && !char.IsAsciiLetterOrDigit(c);

    private static bool IsLinkable(string url) =>
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

    /// <summary>An entity reference (<c>&amp;lt;</c>, <c>&amp;#60;</c>, <c>&amp;#x3C;</c>) starts here; any other ampersand is text already.</summary>
    private static bool StartsEntity(string text, int ampersand)
    {
        var end = text.IndexOf(';', ampersand);
        if (end < 0 || end - ampersand > 33)
        {
            return false;
        }

        var name = text.AsSpan(ampersand + 1, end - ampersand - 1);
        return name switch
        {
            ['#', 'x' or 'X', .. var hex] => hex.Length is > 0 and <= 6 && hex.ToString().All(char.IsAsciiHexDigit),
            ['#', .. var digits] => digits.Length is > 0 and <= 7 && digits.ToString().All(char.IsAsciiDigit),
            [var first, ..] => char.IsAsciiLetter(first) && name.ToString().All(char.IsAsciiLetterOrDigit),
            _ => false,
        };
    }

    private static bool StartsNumberedItem(string text, int dot)
    {
        var digits = dot;
        while (digits > 0 && char.IsAsciiDigit(text[digits - 1]))
        {
            digits--;
        }

        return digits < dot && (digits == 0 || text[digits - 1] == '\n');
    }
}
