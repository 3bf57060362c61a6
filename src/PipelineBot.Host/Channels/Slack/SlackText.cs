using System.Text.RegularExpressions;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// Text between the core and Slack. Out: the core's light Markdown becomes mrkdwn with <c>&amp;</c>, <c>&lt;</c> and
/// <c>&gt;</c> escaped, so no text (a user's, an alert's) can become <c>&lt;!channel&gt;</c> or a link; <c>@{member}</c>
/// mentions become <c>&lt;@U…&gt;</c> or the person's name. In: Slack's markup (<c>&lt;@U…&gt;</c>, links, entities)
/// becomes the plain words a person typed.
/// </summary>
internal static partial class SlackText
{
    /// <summary>
    /// The core's text as mrkdwn, a line for each line (mrkdwn keeps <c>\n</c>), bullets as <c>•</c>, bold as
    /// <c>*x*</c>. <paramref name="slackUserOf"/> gives, per member id, the Slack user id (a real mention) or null, and
    /// <paramref name="nameOf"/> the name shown otherwise. Web addresses go in Slack's link brackets, so no character
    /// of theirs is read as formatting; escaped only as Slack asks for the text inside (&amp; as &amp;amp;), Slack
    /// shows and opens them as written (https://api.slack.com/reference/surfaces/formatting#escaping).
    /// </summary>
    public static string ToMrkdwn(string text, Func<string, string?> slackUserOf, Func<string, string> nameOf) =>
        string.Join('\n', SayText.Lines(text).Select(line => (line.Bullet ? "• " : "") + SayText.Write(line, "*", span => span.Kind switch
        {
            SpanKind.Mention => slackUserOf(span.Value) is { } user ? $"<@{user}>" : Escape(nameOf(span.Value)),
            SpanKind.Address when !IsMail(span.Value) => $"<{Escape(span.Value).Replace("|", "%7C", StringComparison.Ordinal)}>",
            _ => Escape(span.Value),
        })));

    /// <summary>Escapes the three characters Slack treats as markup.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>The Slack user ids mentioned as <c>&lt;@U…&gt;</c>.</summary>
    public static IReadOnlyList<string> MentionedUsers(string text) =>
        [.. SlackMarkup().Matches(text).Where(m => m.Groups[1].Value.StartsWith('@')).Select(m => Id(m.Groups[1].Value)[1..]).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// What a person typed: the bot's own mention removed, other people named (<paramref name="nameOf"/>, else the label
    /// Slack gave), links shown as their label or address, and <c>&amp;amp;</c>, <c>&amp;lt;</c>, <c>&amp;gt;</c> undone.
    /// </summary>
    public static string FromSlack(string text, string? botUserId, Func<string, string?> nameOf)
    {
        var plain = SlackMarkup().Replace(text, m =>
        {
            var inner = m.Groups[1].Value;
            var id = Id(inner);
            var label = inner.Length > id.Length ? inner[(id.Length + 1)..] : null;
            return inner[0] switch
            {
                '@' when id[1..] == botUserId => string.Empty,
                '@' => nameOf(id[1..]) ?? label ?? id,
                '#' => "#" + (label ?? id[1..]),
                '!' => label ?? "@" + id[1..],
                _ => label ?? id,
            };
        });
        plain = plain.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
        return Spaces().Replace(plain, " ").Trim();
    }

    /// <summary>A bare mail address, which Slack links by itself; <c>mailto:</c> and web addresses get brackets.</summary>
    private static bool IsMail(string address) => !address.Contains(':', StringComparison.Ordinal);

    private static string Id(string inner) => inner.IndexOf('|', StringComparison.Ordinal) is var bar and >= 0 ? inner[..bar] : inner;

    [GeneratedRegex(@"<([^<>\s][^<>]*)>")]
    private static partial Regex SlackMarkup();

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Spaces();
}
