using System.Text;
using System.Text.RegularExpressions;
using PipelineBot.Conversation;

namespace PipelineBot.Host.Channels;

/// <summary>What a piece of a line is: words, a member mentioned as <c>@{id}</c>, or a web or mail address.</summary>
public enum SpanKind
{
    Text,
    Mention,
    Address,
}

/// <param name="Value">The words, the member id of a mention, or the address as written.</param>
public sealed record SaySpan(SpanKind Kind, string Value, bool Bold);

/// <param name="Bullet">The line was a <c>- </c> bullet; the marker is not in the spans.</param>
public sealed record SayLine(bool Bullet, IReadOnlyList<SaySpan> Spans)
{
    public bool IsEmpty => Spans.Count == 0;
}

/// <summary>
/// The core's text (<see cref="Say.Text"/>) read as what it is: lines, some of them <c>- </c> bullets, of words with
/// <c>**bold**</c> runs, <c>@{member id}</c> mentions and web or mail addresses. Nothing else in it is markup, so each
/// channel writes every other character as literal text in its own format, writes each line so its client shows it as a
/// line, and writes addresses untouched so they stay working links.
/// </summary>
public static partial class SayText
{
    public static IReadOnlyList<SayLine> Lines(string text) =>
        [.. text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(Line)];

    /// <summary>The member ids mentioned as <c>@{id}</c>.</summary>
    public static IReadOnlyList<string> MentionedMembers(string text) =>
        [.. Mention().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Writes a line's spans, with each run of bold spans between <paramref name="bold"/> marks. The marks go around
    /// the whole run, so a bold run that holds a mention stays one bold run.
    /// </summary>
    public static string Write(SayLine line, string bold, Func<SaySpan, string> write)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(write);
        var text = new StringBuilder();
        for (var i = 0; i < line.Spans.Count; i++)
        {
            var opens = line.Spans[i].Bold && (i == 0 || !line.Spans[i - 1].Bold);
            var closes = line.Spans[i].Bold && (i == line.Spans.Count - 1 || !line.Spans[i + 1].Bold);
            text.Append(opens ? bold : "").Append(write(line.Spans[i])).Append(closes ? bold : "");
        }

        return text.ToString();
    }

    private static SayLine Line(string line)
    {
        var bullet = Bullet().Match(line);
        // The core never indents; leading blanks would make an indented code block in Markdown.
        var content = (bullet.Success ? line[bullet.Length..] : line).TrimStart();
        var addresses = Address().Matches(content).Select(m => (m.Index, End: m.Index + Trimmed(m.Value).Length)).ToList();
        bool InAddress(int at) => addresses.Any(a => at >= a.Index && at < a.End);

        var spans = new List<SaySpan>();
        var at = 0;
        foreach (var bold in Bold().Matches(content).Where(b => !InAddress(b.Index) && !InAddress(b.Index + b.Length - 1)))
        {
            Spans(content[at..bold.Index], false, spans);
            Spans(bold.Groups[1].Value, true, spans);
            at = bold.Index + bold.Length;
        }

        Spans(content[at..], false, spans);
        return new SayLine(bullet.Success, spans);
    }

    /// <summary>The words, mentions and addresses of a run of text.</summary>
    private static void Spans(string text, bool bold, List<SaySpan> spans)
    {
        var at = 0;
        foreach (Match match in Piece().Matches(text))
        {
            var value = match.Groups["mention"].Success ? match.Groups["mention"].Value : Trimmed(match.Value);
            if (match.Index > at)
            {
                spans.Add(new SaySpan(SpanKind.Text, text[at..match.Index], bold));
            }

            spans.Add(new SaySpan(match.Groups["mention"].Success ? SpanKind.Mention : SpanKind.Address, value, bold));
            at = match.Index + (match.Groups["mention"].Success ? match.Length : value.Length);
        }

        if (at < text.Length)
        {
            spans.Add(new SaySpan(SpanKind.Text, text[at..], bold));
        }
    }

    /// <summary>
    /// An address without the punctuation that ends the sentence around it ("see https://x.example/a." ends at "a") or
    /// closes bold around it, keeping a closing parenthesis that closes one opened inside it (Wikipedia-style addresses).
    /// </summary>
    private static string Trimmed(string address)
    {
        var end = address.Length;
        while (end > 0 && (".,;:!?'\"*".Contains(address[end - 1], StringComparison.Ordinal)
            || (address[end - 1] == ')' && address.AsSpan(0, end).Count('(') < address.AsSpan(0, end).Count(')'))))
        {
            end--;
        }

        return address[..end];
    }

    [GeneratedRegex(@"^[ \t]*- ")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"\*\*(\S(?:.*?\S)?)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex(@"@\{([^{}\s]+)\}")]
    private static partial Regex Mention();

    // '"' and '|' are not URL characters (RFC 3986 has them percent-encoded), so an address stops before them.
    private const string AddressPattern = @"(?:https?://|mailto:)[^\s<>""|]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}";

    [GeneratedRegex(AddressPattern, RegexOptions.IgnoreCase)]
    private static partial Regex Address();

    [GeneratedRegex(@"@\{(?<mention>[^{}\s]+)\}|" + AddressPattern, RegexOptions.IgnoreCase)]
    private static partial Regex Piece();
}
