using System.Globalization;
using System.Text.Json.Nodes;
using PipelineBot.Conversation.Cards;
using PipelineBot.Domain.Catalog;

namespace PipelineBot.Host.Channels.WebChat;

/// <summary>
/// The Bot Framework activities of the web chat, as Direct Line delivers them: the member's own activities echoed back
/// (Web Chat marks a message sent when its echo arrives, matched by <c>channelData.clientActivityID</c>) and the bot's
/// messages, whose text is Markdown (Web Chat's default) with each <c>@{member id}</c> written as the member's name in bold.
/// </summary>
internal sealed class WebChatActivities(Catalog catalog)
{
    /// <summary>The channel id Direct Line stamps on the activities it delivers.</summary>
    public const string ChannelId = "directline";

    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";

    private static readonly JsonObject Bot = new() { ["id"] = "pipelinebot", ["name"] = "PipelineBot", ["role"] = "bot" };

    /// <summary>The member's activity as the conversation shows it: the sender is the token's member, whatever it said.</summary>
    public static JsonObject Echo(JsonObject posted, WebChatConversation conversation, Member member, string id, DateTimeOffset timestamp)
    {
        var echo = (JsonObject)posted.DeepClone();
        echo["id"] = id;
        echo["timestamp"] = Timestamp(timestamp);
        echo["channelId"] = ChannelId;
        echo["conversation"] = new JsonObject { ["id"] = conversation.Id };
        echo["from"] = new JsonObject { ["id"] = member.Id, ["name"] = member.Name, ["role"] = "user" };
        echo["recipient"] = Bot.DeepClone();
        return echo;
    }

    /// <summary>A message from the bot; <paramref name="attachments"/> holds its card, if any.</summary>
    public JsonObject FromBot(WebChatConversation conversation, string id, DateTimeOffset timestamp, string text, JsonArray? attachments, string? replyToId)
    {
        var member = catalog.FindMember(conversation.MemberId);
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = id,
            ["timestamp"] = Timestamp(timestamp),
            ["channelId"] = ChannelId,
            ["conversation"] = new JsonObject { ["id"] = conversation.Id },
            ["from"] = Bot.DeepClone(),
            ["recipient"] = new JsonObject { ["id"] = conversation.MemberId, ["name"] = member?.Name, ["role"] = "user" },
            ["textFormat"] = "markdown",
        };
        if (!string.IsNullOrWhiteSpace(text))
        {
            activity["text"] = Markdown(text);
        }

        if (attachments is { Count: > 0 })
        {
            activity["attachments"] = attachments;
        }

        if (replyToId is not null)
        {
            activity["replyToId"] = replyToId;
        }

        return activity;
    }

    /// <summary>
    /// The core's text as the Markdown Web Chat renders: markdown-it with line breaks off and HTML on, then sanitized
    /// (botframework-webchat's renderMarkdown). A plain newline is only a space there, so the lines of a paragraph
    /// end in a backslash, CommonMark's hard break; bullets are a list set apart by blank lines, so the line after it
    /// is not folded into its last item. Every other character is escaped to show as itself (an HTML tag such as
    /// <c>&lt;holiday&gt;</c> would be removed), except in addresses, which stay as written for linkify to link. Each
    /// <c>@{member id}</c> is the member's name in bold: the web chat has no mentions to notify anyone.
    /// </summary>
    public string Markdown(string text)
    {
        var blocks = new List<string>();
        var block = new List<string>();
        var list = false;
        void Close()
        {
            if (block.Count > 0)
            {
                blocks.Add(string.Join(list ? "\n" : "\\\n", block));
                block.Clear();
            }
        }

        foreach (var line in SayText.Lines(text))
        {
            if (line.IsEmpty && !line.Bullet)
            {
                Close();
                continue;
            }

            if (line.Bullet != list)
            {
                Close();
                list = line.Bullet;
            }

            block.Add((line.Bullet ? "- " : "") + SayText.Write(line, "**", Span));
        }

        Close();
        return string.Join("\n\n", blocks);
    }

    private string Span(SaySpan span) => span.Kind switch
    {
        SpanKind.Address => span.Value,
        SpanKind.Mention when catalog.FindMember(span.Value) is { } member => span.Bold ? CardMarkdown.Escape(member.Name) : $"**{CardMarkdown.Escape(member.Name)}**",
        _ => CardMarkdown.Escape(span.Value),
    };

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture);
}
