using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.Rendering;

/// <summary>A link as its reader sees it: the address it opens and the text it shows.</summary>
public sealed record ShownLink(string Href, string Text);

/// <summary>
/// What a person sees of a message's text on each platform, read by that platform's documented rules: the lines it
/// shows and the links in them. Teams and Slack have no renderer to run here, so their rules are written out with the
/// source that states them; the Web Chat's renderer is run for real (markdown-it, from web/node_modules).
/// </summary>
public static partial class Shown
{
    /// <summary>
    /// Teams message Markdown: a single newline is no break and a blank line is one line break (msteams-docs#740);
    /// <c>**</c> marks bold; HTML entities show as their characters; addresses are linked by the client as written.
    /// </summary>
    public static IReadOnlyList<string> TeamsLines(string text) =>
        [.. text.Split("\n\n").Select(p => WebUtility.HtmlDecode(p.Replace('\n', ' ').Replace("**", "", StringComparison.Ordinal))).Where(l => l.Length > 0)];

    /// <summary>The addresses Teams links in message text, as written in it (escapes in them would stay in the link).</summary>
    public static IReadOnlyList<ShownLink> TeamsLinks(string text) =>
        [.. TeamsAddress().Matches(text).Select(m => new ShownLink(m.Value, m.Value))];

    /// <summary>
    /// Slack mrkdwn: every newline is a line break; <c>&lt;url|label&gt;</c> and <c>&lt;url&gt;</c> are links;
    /// <c>*x*</c> is bold; &amp;amp;, &amp;lt; and &amp;gt; show as &amp;, &lt; and &gt;
    /// (https://api.slack.com/reference/surfaces/formatting).
    /// </summary>
    public static IReadOnlyList<string> SlackLines(string mrkdwn) =>
        [.. mrkdwn.Split('\n').Select(line => Decode(SlackBold().Replace(SlackLink().Replace(line, m => m.Groups["label"].Success ? m.Groups["label"].Value : m.Groups["url"].Value), "$1")))];

    public static IReadOnlyList<ShownLink> SlackLinks(string mrkdwn) =>
        [.. SlackLink().Matches(mrkdwn).Select(m => new ShownLink(Decode(m.Groups["url"].Value), Decode(m.Groups["label"].Success ? m.Groups["label"].Value : m.Groups["url"].Value)))];

    /// <summary>
    /// The HTML the Web Chat makes of Markdown: markdown-it, the version Web Chat 4.18 bundles, with the options of its
    /// renderMarkdown (breaks off, HTML, linkify and typographer on), run by Node from the web/ folder the build fills.
    /// </summary>
    public static async Task<string> WebChatHtmlAsync(string markdown)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Path.Combine(RepositoryFiles.Root, "web"),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add("""
            const md = new (require('markdown-it'))({ breaks: false, html: true, linkify: true, typographer: true, xhtmlOut: true });
            let input = '';
            process.stdin.on('data', d => input += d).on('end', () => process.stdout.write(md.render(input)));
            """);
        using var node = Process.Start(start)!;
        await node.StandardInput.WriteAsync(markdown);
        node.StandardInput.Close();
        var html = await node.StandardOutput.ReadToEndAsync();
        var error = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, error);
        return html;
    }

    /// <summary>
    /// The lines a browser shows of that HTML: a newline in the source is only a space, a line ends at <c>&lt;br&gt;</c>
    /// and at the end of a paragraph or list item, a list item starts with its bullet, and any other tag (allowed or one
    /// the sanitizer strips) shows nothing.
    /// </summary>
    public static IReadOnlyList<string> HtmlLines(string html)
    {
        var text = LineEnd().Replace(html.Replace('\n', ' '), "\n").Replace("<li>", "• ", StringComparison.Ordinal);
        return [.. Tag().Replace(text, "").Split('\n').Select(l => WebUtility.HtmlDecode(l).Trim()).Where(l => l.Length > 0)];
    }

    public static IReadOnlyList<ShownLink> HtmlLinks(string html) =>
        [.. HtmlLink().Matches(html).Select(m => new ShownLink(WebUtility.HtmlDecode(m.Groups["href"].Value), WebUtility.HtmlDecode(Tag().Replace(m.Groups["text"].Value, ""))))];

    private static string Decode(string text) =>
        text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    [GeneratedRegex(@"<(?<url>(?:https?://|mailto:)[^|>]+)(?:\|(?<label>[^>]*))?>")]
    private static partial Regex SlackLink();

    [GeneratedRegex(@"(?<![\w*])\*(\S(?:[^*]*\S)?)\*(?![\w*])")]
    private static partial Regex SlackBold();

    [GeneratedRegex(@"<br\s*/?>|</p>|</li>|</?ul>|</?ol>")]
    private static partial Regex LineEnd();

    [GeneratedRegex(@"https?://[^\s<>""|*]+")]
    private static partial Regex TeamsAddress();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"<a href=""(?<href>[^""]*)""[^>]*>(?<text>.*?)</a>")]
    private static partial Regex HtmlLink();
}
