using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;

namespace PipelineBot.Conversation.Cards;

/// <summary>Where a string of a template is, which decides how data is written into it.</summary>
internal enum TextPosition
{
    /// <summary>Shown as it is (a button title, a fallback text): no Markdown.</summary>
    Plain,

    /// <summary>A fact's title or value: Markdown, without the TextBlock's date functions.</summary>
    Markdown,

    /// <summary>A TextBlock's text: Markdown, and Adaptive Cards' DATE() and TIME() (https://aka.ms/ACTextFeatures).</summary>
    TextBlock,
}

/// <summary>
/// Writes card data into a template's strings for one <see cref="CardReader"/>: words as themselves (escaped where they
/// are Markdown), links as Markdown links to their address exactly as given, and times in the reader's zone, named;
/// for everyone in a channel, a TextBlock's times are DATE() and TIME(), which each client shows in its reader's zone.
/// </summary>
internal sealed partial class CardWriter(CardReader reader)
{
    private static readonly InstantPattern Rfc3339 = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'Z'");

    /// <summary>The data value as text at <paramref name="position"/>.</summary>
    public string Write(JsonNode? value, TextPosition position) => value switch
    {
        JsonObject text when text[CardData.Parts] is JsonArray parts => string.Concat(parts.Select(p => Write(p, position))),
        JsonObject time when Time(time) is { } at => WriteTime(at, position),
        JsonObject link when link[CardData.Href] is JsonValue href => WriteLink(href.ToString(), Words(link[CardData.LinkText]), position),
        _ => position == TextPosition.Plain ? Words(value) : CardMarkdown.Escape(Words(value)),
    };

    /// <summary>Whether a value is one the writer shapes (a time, a link, or text made of parts) rather than a plain JSON value.</summary>
    public static bool IsShaped(JsonNode? value) =>
        value is JsonObject obj && (obj.ContainsKey(CardData.At) || obj.ContainsKey(CardData.Href) || obj.ContainsKey(CardData.Parts));

    /// <summary>
    /// A time that each client writes in its reader's zone, as the Adaptive Cards text functions take it (strict RFC 3339,
    /// https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features). The words after it name the zone.
    /// </summary>
    public static string ReaderLocal(Instant at)
    {
        var rfc3339 = Rfc3339.Format(at);
        return $"{{{{DATE({rfc3339}, SHORT)}}}} {{{{TIME({rfc3339})}}}} (your time)";
    }

    /// <summary>A <see cref="ReaderLocal"/> time starting at <paramref name="start"/> in card Markdown, and where it ends.</summary>
    public static (Instant At, int End)? ReaderLocalAt(string markdown, int start) =>
        ReaderLocalTime().Match(markdown, start) is { Success: true } match && match.Index == start
            ? (Rfc3339.Parse(match.Groups["at"].Value).Value, start + match.Length)
            : null;

    /// <summary>
    /// Slack's own reader-local time for a <see cref="ReaderLocal"/> one, with the time in <paramref name="zone"/>, named,
    /// for clients that cannot format it (https://api.slack.com/reference/surfaces/formatting#date-formatting).
    /// </summary>
    public static string SlackDate(Instant at, DateTimeZone zone) =>
        string.Create(CultureInfo.InvariantCulture, $"<!date^{at.ToUnixTimeSeconds()}^{{date_short_pretty}} {{time}} (your time)|{TimeText.Format(at, zone)}>");

    private string WriteTime(Instant at, TextPosition position) => position switch
    {
        TextPosition.TextBlock when reader.IsEveryone => ReaderLocal(at),
        TextPosition.Plain => TimeText.Format(at, reader.Zone),
        _ => CardMarkdown.Escape(TimeText.Format(at, reader.Zone)),
    };

    /// <summary>
    /// A Markdown link whose address is exactly the one given: only what CommonMark cannot take in a link destination
    /// (spaces, parentheses, angle brackets, a backslash) is percent-encoded, which a browser opens as the same address.
    /// </summary>
    private static string WriteLink(string href, string text, TextPosition position)
    {
        if (position == TextPosition.Plain)
        {
            return text == href ? href : $"{text} ({href})";
        }

        var destination = new StringBuilder(href.Length);
        foreach (var c in href)
        {
            destination.Append(c is ' ' or '(' or ')' or '<' or '>' or '\\' || char.IsControl(c) ? Uri.HexEscape(c) : c.ToString());
        }

        return $"[{CardMarkdown.Escape(text)}]({destination})";
    }

    private static Instant? Time(JsonObject value) =>
        value[CardData.At] is JsonValue at && InstantPattern.ExtendedIso.Parse(at.ToString()) is { Success: true } parsed ? parsed.Value : null;

    /// <summary>A plain value's text: a string as itself, anything else as compact JSON, null and missing as nothing.</summary>
    private static string Words(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => "",
        _ => value.ToJsonString(),
    };

    [GeneratedRegex(@"\{\{DATE\((?<at>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z), SHORT\)\}\} \{\{TIME\(\k<at>\)\}\} \(your time\)")]
    private static partial Regex ReaderLocalTime();
}
