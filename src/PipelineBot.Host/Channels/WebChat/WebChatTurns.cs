using System.Text.Json.Nodes;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Rotation;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Channels.WebChat;

/// <summary>
/// Takes an activity a member posted: logs its echo, then hands a message to the <see cref="ChannelRunner"/> (text as a
/// turn, a card click as a button turn), whose answers are posted as replies to it. The speaker is always the conversation's member, taken from
/// the token; the times they see are in the zone Web Chat reports for their browser (<c>localTimezone</c>).
/// </summary>
internal sealed partial class WebChatTurns(
    ChannelRunner runner, Catalog catalog, ShiftCalendar calendar, WebChatPoster poster, TimeProvider time, ILogger<WebChatTurns> log)
{
    /// <returns>The id the posted activity got.</returns>
    public async Task<string> TakeAsync(WebChatConversation conversation, JsonObject posted, CancellationToken cancellationToken)
    {
        var member = catalog.Member(conversation.MemberId);
        var id = conversation.NextActivityId();
        var now = time.GetUtcNow();
        conversation.Log(id, now, WebChatActivities.Echo(posted, conversation, member, id, now).ToJsonString());

        // Web Chat sends the browser's zone on every activity, typing included: cards posted later are written in it.
        conversation.ClientTimeZone = Text(posted["localTimezone"]) ?? conversation.ClientTimeZone;
        if (Text(posted["type"]) != "message")
        {
            // Typing and events need no answer.
            return id;
        }

        // The page gives Web Chat navigator.language as its locale, which Web Chat puts on every activity it posts.
        var speaker = Speaker.Of(member, member.Name, Text(posted["localTimezone"]), calendar.Zone, Text(posted["locale"]));
        var place = WebChatChannel.PlaceOf(conversation);
        try
        {
            if (posted["value"] is JsonObject value)
            {
                await ClickAsync(conversation, speaker, place, value, id, cancellationToken);
            }
            else if (Text(posted["text"]) is { } text && !string.IsNullOrWhiteSpace(text))
            {
                await runner.MessageAsync(new Turn(speaker, place, text.Trim()), new Replies(poster, conversation, id, ClickedActivityId: null), cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The member gets an answer either way; the details are for the log.
            LogTurnFailed(e, conversation.Id);
            await poster.PostAsync(conversation, new Say("Sorry, something went wrong on my side. Please try again in a moment."), id, cancellationToken);
        }

        return id;
    }

    private async Task ClickAsync(WebChatConversation conversation, Speaker speaker, ChannelConversation place, JsonObject value, string id, CancellationToken cancellationToken)
    {
        if (WebChatCards.ReadClick(value) is not { } click)
        {
            await poster.PostAsync(conversation, new Say("That button is not one of mine, so I did nothing."), id, cancellationToken);
            return;
        }

        await runner.ClickAsync(new ButtonTurn(speaker, place, click.Verb, click.Data), new Replies(poster, conversation, id, click.ActivityId), cancellationToken);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    [LoggerMessage(Level = LogLevel.Error, Message = "A web chat turn in conversation {ConversationId} failed")]
    private partial void LogTurnFailed(Exception exception, string conversationId);

    /// <summary>Answers posted as replies to the member's activity <paramref name="ReplyToId"/>; a clicked card is replaced in place while the conversation still holds it.</summary>
    private sealed record Replies(WebChatPoster Poster, WebChatConversation Conversation, string ReplyToId, string? ClickedActivityId) : ITurnReplies
    {
        public async Task<PostedMessage?> SendAsync(Say say, CardReader reader, CancellationToken cancellationToken) =>
            new(Conversation.Id, await Poster.PostAsync(Conversation, say, ReplyToId, cancellationToken));

        public async Task<bool> ReplaceClickedAsync(CardContent card, CardReader reader, CancellationToken cancellationToken) =>
            ClickedActivityId is not null && await Poster.ReplaceCardAsync(Conversation, ClickedActivityId, card, cancellationToken);
    }
}
