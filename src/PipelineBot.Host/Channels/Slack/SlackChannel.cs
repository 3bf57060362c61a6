using Microsoft.Extensions.Options;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;
using PipelineBot.Domain.Catalog;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// Slack as the notice dispatcher sees it. A member's notice goes to their DM (the one they used, else one opened
/// with conversations.open for the Slack user with their catalog email); a member Slack does not know is unreachable
/// here. When Slack refuses the DM, the notice goes to the conversation it came from, mentioning them. Team notices go
/// to <see cref="SlackOptions.AlertChannel"/>. Without a bot token nothing can be sent, so every notice is unreachable.
/// </summary>
internal sealed class SlackChannel(
    SlackMessenger messenger, SlackPeople people, SlackWebApi api, ChannelDirectory directory, CardReaders readers, Catalog catalog, IOptions<SlackOptions> options)
    : IChannel
{
    public string Name => SlackPeople.Channel;

    public async Task<DeliveryOutcome> DeliverAsync(Notice notice, CancellationToken cancellationToken)
    {
        if (!options.Value.CanSend)
        {
            return DeliveryOutcome.Unreachable;
        }

        if (notice.Audience == Journal.Team)
        {
            return options.Value.AlertChannel is { Length: > 0 } alerts
                ? await PostAsync(alerts, notice, null, readers.Everyone, cancellationToken)
                : DeliveryOutcome.Unreachable;
        }

        if (catalog.FindMember(notice.Audience) is not { } member)
        {
            return DeliveryOutcome.Unreachable;
        }

        if (await directory.PersonalConversationAsync(Name, member.Id, cancellationToken) is { } known)
        {
            return await PostAsync(known.ConversationId, notice, null, await readers.OfAsync(known, cancellationToken), cancellationToken);
        }

        if (await people.SlackUserOfAsync(member, cancellationToken) is not { } user)
        {
            return DeliveryOutcome.Unreachable;
        }

        string direct;
        try
        {
            direct = await api.OpenDirectMessageAsync(user, cancellationToken);
        }
        catch (SlackApiException) when (OriginChannel(notice) is { } origin)
        {
            var place = await directory.FindConversationAsync(Name, origin, cancellationToken);
            return await PostAsync(origin, notice, member, await readers.OfAsync(place, cancellationToken), cancellationToken);
        }

        var dm = new ChannelConversation(Name, direct, ChannelConversation.Personal, MemberId: member.Id);
        await directory.RememberConversationAsync(dm, cancellationToken);
        return await PostAsync(direct, notice, null, await readers.OfAsync(dm, cancellationToken), cancellationToken);
    }

    public async Task UpdateCardAsync(PostedCard posted, CardContent card, CancellationToken cancellationToken)
    {
        var message = await messenger.RenderAsync(new Say(string.Empty, card), await readers.OfAsync(posted, cancellationToken), cancellationToken);
        await messenger.UpdateAsync(posted.ConversationId, posted.MessageId, message, cancellationToken);
    }

    /// <summary>The Slack channel a notice's change was asked for in, if it was asked for on Slack.</summary>
    private string? OriginChannel(Notice notice) =>
        notice.Origin is { } origin && origin.StartsWith(ChannelConversation.OriginOf(Name, string.Empty), StringComparison.Ordinal)
            ? origin[ChannelConversation.OriginOf(Name, string.Empty).Length..]
            : null;

    private async Task<DeliveryOutcome> PostAsync(string channel, Notice notice, Member? mention, CardReader reader, CancellationToken cancellationToken)
    {
        var say = mention is null ? notice.Say : new Say($"{Say.MentionOf(mention)} {notice.Text}", notice.Card, [mention, .. notice.Mentions ?? []]);
        var message = await messenger.RenderAsync(say, reader, cancellationToken);
        var ts = await messenger.PostAsync(channel, message, null, cancellationToken);
        if (ts is not null && notice.Card?.Key is { } key)
        {
            await directory.RecordPostedCardAsync(new PostedCard(key, Name, channel, ts, null), cancellationToken);
        }

        return DeliveryOutcome.Delivered;
    }
}
