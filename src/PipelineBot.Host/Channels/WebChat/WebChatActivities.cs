using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PipelineBot.Domain.Catalog;

namespace PipelineBot.Host.Channels.WebChat;

/// <summary>
/// The Bot Framework activities of the web chat, as Direct Line delivers them: the member's own activities echoed back
/// (Web Chat marks a message sent when its echo arrives, matched by <c>channelData.clientActivityID</c>) and the bot's
/// messages, whose text is Markdown (Web Chat's default) with each <c>@{member id}</c> written as the member's name in bold.
/// </summary>
internal sealed partial class WebChatActivities(Catalog catalog)
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
            activity["text"] = Names(text);
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

    /// <summary>Writes each <c>@{member id}</c> as the member's name in bold (the web chat has no mentions to notify anyone).</summary>
    public string Names(string text) =>
        Mention().Replace(text, m => catalog.FindMember(m.Groups[1].Value) is { } member ? $"**{member.Name}**" : m.Groups[1].Value);

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"@\{([^{}\s]+)\}")]
    private static partial Regex Mention();
}
