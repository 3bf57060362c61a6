using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PipelineBot.Conversation;

namespace PipelineBot.Host.Channels.Teams;

/// <summary>
/// Text between Teams and the core. Inbound: the bot's own <c>&lt;at&gt;</c> mention is removed (found through the
/// mention entities, not the text, as [MENT] asks), other people's mentions keep their names, markup and HTML entities
/// are undone. Outbound: the core's light Markdown is kept, characters Teams would read as markup are escaped, and
/// <c>@{member id}</c> becomes a real mention where the member's Teams account is known, else their name in bold.
/// </summary>
public static partial class TeamsText
{
    public static string Inbound(Activity activity)
    {
        var text = activity.Text ?? "";
        foreach (var entity in activity.Entities ?? [])
        {
            if (Activity.Is(entity, "mention")
                && entity["mentioned"]?["id"]?.GetValue<string>() is { } id && id == activity.Recipient?.Id
                && entity["text"]?.GetValue<string>() is { Length: > 0 } mention)
            {
                text = text.Replace(mention, " ", StringComparison.Ordinal);
            }
        }

        text = Tag().Replace(text, " ");
        text = WebUtility.HtmlDecode(text).Replace('\u00A0', ' ');
        return Space().Replace(text, " ").Trim();
    }

    /// <summary>The message text and its mention entities.</summary>
    public static (string Text, JsonArray Mentions) Outbound(Say say, IReadOnlyDictionary<string, string> accountIdByMemberId)
    {
        var text = new StringBuilder(Escape(say.Text));
        var mentions = new JsonArray();
        foreach (var member in say.Mentions ?? [])
        {
            var placeholder = Escape(Say.MentionOf(member));
            if (!text.ToString().Contains(placeholder, StringComparison.Ordinal))
            {
                continue;
            }

            var name = Escape(member.Name);
            if (accountIdByMemberId.TryGetValue(member.Id, out var accountId))
            {
                var at = $"<at>{name}</at>";
                text.Replace(placeholder, at);
                mentions.Add(new JsonObject
                {
                    ["type"] = "mention",
                    ["text"] = at,
                    ["mentioned"] = new JsonObject { ["id"] = accountId, ["name"] = member.Name },
                });
            }
            else
            {
                text.Replace(placeholder, $"**{name}**");
            }
        }

        return (text.ToString(), mentions);
    }

    /// <summary>The text with every mention shown as the person's name, for places that cannot carry mention entities.</summary>
    public static string Plain(Say say) =>
        (say.Mentions ?? []).Aggregate(say.Text, (text, member) => text.Replace(Say.MentionOf(member), member.Name, StringComparison.Ordinal));

    // Teams reads message text as HTML-flavoured Markdown: a literal <at> or <script> from an alert must stay text.
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal);

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
