using System.Text.Json.Nodes;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;
using PipelineBot.Domain.Catalog;
using PipelineBot.Host.Channels.Delivery;

namespace PipelineBot.Host.Channels.WebChat;

/// <summary>
/// Everything the bot says into a web chat conversation goes through here, and through the <see cref="Outbox"/> (one
/// send at a time per conversation, in order). Every web chat conversation is one person's, so cards are written for
/// them, in the zone their browser last reported (which only the conversation knows), whoever the caller thought reads it.
/// </summary>
internal sealed class WebChatPoster(Outbox outbox, WebChatActivities activities, WebChatCards cards, CardReaders readers, Catalog catalog, TimeProvider time)
{
    /// <returns>The id of the posted activity.</returns>
    public Task<string> PostAsync(WebChatConversation conversation, Say say, string? replyToId, CancellationToken cancellationToken) =>
        outbox.SendAsync(WebChatChannel.ChannelName, conversation.Id, _ =>
        {
            var id = conversation.NextActivityId();
            var attachments = say.Card is null ? null : cards.Attachments(say.Card, id, Reader(conversation));
            var now = time.GetUtcNow();
            conversation.Log(id, now, activities.FromBot(conversation, id, now, say.Text, attachments, replyToId).ToJsonString());
            return Task.FromResult(id);
        }, cancellationToken);

    /// <summary>
    /// Puts a new version of a card in place of the one in activity <paramref name="activityId"/>, keeping its text, id
    /// and timestamp (Web Chat orders by timestamp, so it stays where it was). False when the conversation no longer
    /// holds that activity.
    /// </summary>
    public Task<bool> ReplaceCardAsync(WebChatConversation conversation, string activityId, CardContent card, CancellationToken cancellationToken) =>
        outbox.SendAsync(WebChatChannel.ChannelName, conversation.Id, _ =>
        {
            if (conversation.Find(activityId) is not { } logged || JsonNode.Parse(logged.Json) is not JsonObject activity)
            {
                return Task.FromResult(false);
            }

            activity["attachments"] = cards.Attachments(card, activityId, Reader(conversation));
            conversation.Log(activityId, logged.Timestamp, activity.ToJsonString());
            return Task.FromResult(true);
        }, cancellationToken);

    private CardReader Reader(WebChatConversation conversation) => readers.Person(catalog.Member(conversation.MemberId), conversation.ClientTimeZone);
}
