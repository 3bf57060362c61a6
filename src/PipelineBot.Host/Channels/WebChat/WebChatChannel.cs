using PipelineBot.Conversation;
using PipelineBot.Domain.Catalog;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Channels.WebChat;

/// <summary>
/// The local web chat as the notice dispatcher sees it. A notice to a member goes to every conversation someone is
/// reading as that member (a stream open on it, or a recent poll); when there is none it is held in memory (a few per
/// member) and shown in the next conversation read as them, new or resumed, with its card drawn afresh, so switching the
/// page to the person a trade was offered to shows the offer. A team notice goes to every conversation being read (the local chat is a demo of the whole team); with none,
/// nobody could see it, so it is <see cref="DeliveryOutcome.Unreachable"/>.
/// </summary>
internal sealed class WebChatChannel(WebChatConversations conversations, WebChatPoster poster, IConversation core, Catalog catalog) : IChannel
{
    public const string ChannelName = "webchat";

    public string Name => ChannelName;

    public async Task<DeliveryOutcome> DeliverAsync(Notice notice, CancellationToken cancellationToken)
    {
        IReadOnlyList<WebChatConversation> targets;
        if (notice.Audience == Journal.Team)
        {
            targets = conversations.Read();
            if (targets.Count == 0)
            {
                return DeliveryOutcome.Unreachable;
            }
        }
        else if (catalog.FindMember(notice.Audience) is null)
        {
            return DeliveryOutcome.Unreachable;
        }
        else
        {
            targets = conversations.ReadOrHold(notice.Audience, notice);
        }

        foreach (var conversation in targets)
        {
            await poster.PostAsync(conversation, notice.Say, replyToId: null, cancellationToken);
        }

        return DeliveryOutcome.Delivered;
    }

    /// <summary>Posts the notices held for a conversation's member, each keyed card in its current state.</summary>
    public async Task DeliverHeldAsync(WebChatConversation conversation, IReadOnlyList<Notice> held, CancellationToken cancellationToken)
    {
        foreach (var notice in held)
        {
            var card = notice.Card?.Key is { } key ? await core.CardAsync(key, cancellationToken) ?? notice.Card : notice.Card;
            await poster.PostAsync(conversation, notice.Say with { Card = card }, replyToId: null, cancellationToken);
        }
    }

    /// <summary>Replaces the copy in place; a conversation the web chat has forgotten has nothing left to update.</summary>
    public async Task UpdateCardAsync(PostedCard posted, CardContent card, CancellationToken cancellationToken)
    {
        if (conversations.Find(posted.ConversationId) is { } conversation)
        {
            await poster.ReplaceCardAsync(conversation, posted.MessageId, card, cancellationToken);
        }
    }
}
