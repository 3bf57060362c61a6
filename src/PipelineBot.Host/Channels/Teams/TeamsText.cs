using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PipelineBot.Conversation;

namespace PipelineBot.Host.Channels.Teams;

/// <summary>
/// Text between Teams and the core. Inbound: the bot's own <c>&lt;at&gt;</c> mention is removed (found through the
/// mention entities, not the text, as [MENT] asks), other people's mentions keep their names, markup and HTML entities
/// are undone. Outbound: the core's text as Teams Markdown, a line for each line, characters Teams would read as HTML
/// escaped, and <c>@{member id}</c> a real mention where the member's Teams account is known, else their name in bold.
/// </summary>
public static partial class TeamsText
{
    public static string Inbound(Activity activity)
    {
        var text = activity.Text ?? "";
        foreach (var entity in activity.EntityObjects)
        {
            if (Activity.Is(entity, "mention")
                && Activity.TextAt(entity, "mentioned", "id") is { } id && id == activity.Recipient?.Id
                && Activity.TextAt(entity, "text") is { Length: > 0 } mention)
            {
                text = text.Replace(mention, " ", StringComparison.Ordinal);
            }
        }

        text = Tag().Replace(text, " ");
        text = WebUtility.HtmlDecode(text).Replace('\u00A0', ' ');
        return Space().Replace(text, " ").Trim();
    }

    /// <summary>
    /// The message text and its mention entities. Teams reads message text as Markdown in which one newline is no
    /// break and a blank line is one (msteams-docs#740; the cards' "use \n\n" in task-modules-and-cards/cards/
    /// cards-format.md), so lines are joined with a blank line. Bullets are written as <c>•</c>: text messages in
    /// Teams on iOS and Android show no Markdown lists (bots-text-formats). Characters that would start an HTML tag or
    /// entity are escaped; addresses are left as written, so Teams shows and links them unchanged.
    /// </summary>
    public static (string Text, JsonArray Mentions) Outbound(Say say, IReadOnlyDictionary<string, string> accountIdByMemberId)
    {
        ArgumentNullException.ThrowIfNull(say);
        var members = (say.Mentions ?? []).DistinctBy(m => m.Id).ToDictionary(m => m.Id, StringComparer.Ordinal);
        var mentions = new JsonArray();
        var mentioned = new HashSet<string>(StringComparer.Ordinal);
        string Span(SaySpan span)
        {
            if (span.Kind == SpanKind.Address)
            {
                return span.Value;
            }

            if (span.Kind == SpanKind.Text)
            {
                return Escape(span.Value);
            }

            if (!members.TryGetValue(span.Value, out var member))
            {
                // Only the Say's own mentions are people to name; anything else written like one stays as written.
                return Escape($"@{{{span.Value}}}");
            }

            var name = Escape(member.Name);
            if (!accountIdByMemberId.TryGetValue(member.Id, out var accountId))
            {
                return span.Bold ? name : $"**{name}**";
            }

            var at = $"<at>{name}</at>";
            if (mentioned.Add(member.Id))
            {
                mentions.Add(new JsonObject
                {
                    ["type"] = "mention",
                    ["text"] = at,
                    ["mentioned"] = new JsonObject { ["id"] = accountId, ["name"] = member.Name },
                });
            }

            return at;
        }

        var text = string.Join("\n\n", SayText.Lines(say.Text).Select(line => (line.Bullet ? "• " : "") + SayText.Write(line, "**", Span)));
        return (text, mentions);
    }

    /// <summary>The text with every mention shown as the person's name, for places that cannot carry mention entities.</summary>
    public static string Plain(Say say) =>
        (say.Mentions ?? []).Aggregate(say.Text, (text, member) => text.Replace(Say.MentionOf(member), member.Name, StringComparison.Ordinal));

    // Teams reads message text as HTML-flavoured Markdown: a literal <at> or <script> from an alert must stay text, and
    // so must "&lt;" (an entity Teams would show as "<"). An ampersand that starts no entity is already text, and left
    // alone it keeps addresses such as ?a=1&b=2 as they are.
    private static string Escape(string text) => EntityStart().Replace(text, "&amp;")
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal);

    [GeneratedRegex("&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")]
    private static partial Regex EntityStart();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
