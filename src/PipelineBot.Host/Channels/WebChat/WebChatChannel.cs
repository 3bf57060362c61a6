using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;
using PipelineBot.Domain.Catalog;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Channels.WebChat;

/// <summary>
/// The local web chat as a <see cref="IChannel"/>: its page and Direct Line endpoint, and its conversations in memory. A
/// member is reached in every conversation someone is reading as them (a stream open on it, or a recent poll); when
/// there is none the notice is held in memory (a few per member) and shown in the next conversation read as them, new or
/// resumed, with its card drawn afresh, so switching the page to the person a trade was offered to shows the offer.
/// Until someone says "post alerts here" (in a conversation still held), team notices go to every conversation being
/// read (the local chat is a demo of the whole team); with none, nobody could see them.
/// </summary>
internal sealed class WebChatChannel(WebChatConversations conversations, WebChatPoster poster, ChannelRunner runner, IConversation core) : IChannel
{
    public const string ChannelName = "webchat";

    public string Name => ChannelName;

    public bool CanSend => true;

    public void Map(WebApplication app) => app.MapWebChat();

    public Task<IReadOnlyList<ChannelConversation>> DefaultAlertConversationsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ChannelConversation>>([.. conversations.Read().Select(PlaceOf)]);

    public Task<Reach> ReachAsync(Member member, ChannelConversation? origin, Notice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        var reading = conversations.ReadOrHold(member.Id, notice);
        return Task.FromResult(reading.Count == 0 ? Reach.Held : Reach.In([.. reading.Select(PlaceOf)]));
    }

    /// <summary>Posts into a conversation still held; one the web chat has forgotten gets nothing.</summary>
    public async Task<PostedMessage?> PostAsync(ChannelConversation place, Say say, CardReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(place);
        return conversations.Find(place.ConversationId) is { Ended: false } conversation
            ? new PostedMessage(conversation.Id, await poster.PostAsync(conversation, say, replyToId: null, cancellationToken))
            : null;
    }

    /// <summary>Posts the notices held for a conversation's member, each keyed card in its current state.</summary>
    public async Task DeliverHeldAsync(WebChatConversation conversation, IReadOnlyList<Notice> held, CancellationToken cancellationToken)
    {
        foreach (var notice in held)
        {
            var card = notice.Card?.Key is { } key ? await core.CardAsync(key, cancellationToken) ?? notice.Card : notice.Card;
            await runner.PostAsync(this, PlaceOf(conversation), notice.Say with { Card = card }, cancellationToken);
        }
    }

    /// <summary>Replaces the copy in place; a conversation the web chat has forgotten has nothing left to update.</summary>
    public async Task UpdateCardAsync(PostedCard posted, CardContent card, CardReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(posted);
        if (conversations.Find(posted.ConversationId) is { } conversation)
        {
            await poster.ReplaceCardAsync(conversation, posted.MessageId, card, cancellationToken);
        }
    }

    /// <summary>A web chat conversation as a place: always one member's own.</summary>
    public static ChannelConversation PlaceOf(WebChatConversation conversation) =>
        new(ChannelName, conversation.Id, ChannelConversation.Personal, MemberId: conversation.MemberId);
}
