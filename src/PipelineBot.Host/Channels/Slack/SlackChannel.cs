using Microsoft.Extensions.Options;
using PipelineBot.Conversation;
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
    SlackMessenger messenger, SlackPeople people, SlackWebApi api, ChannelDirectory directory, Catalog catalog, IOptions<SlackOptions> options) : IChannel
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
                ? await PostAsync(alerts, notice, null, cancellationToken)
                : DeliveryOutcome.Unreachable;
        }

        if (catalog.FindMember(notice.Audience) is not { } member)
        {
            return DeliveryOutcome.Unreachable;
        }

        if (await directory.PersonalConversationAsync(Name, member.Id, cancellationToken) is { } known)
        {
            return await PostAsync(known.ConversationId, notice, null, cancellationToken);
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
            return await PostAsync(origin, notice, member, cancellationToken);
        }

        await directory.RememberConversationAsync(new ChannelConversation(Name, direct, ChannelConversation.Personal, MemberId: member.Id), cancellationToken);
        return await PostAsync(direct, notice, null, cancellationToken);
    }

    public async Task UpdateCardAsync(PostedCard posted, CardContent card, CancellationToken cancellationToken) =>
        await messenger.UpdateAsync(posted.ConversationId, posted.MessageId, await messenger.RenderAsync(new Say(string.Empty, card), cancellationToken), cancellationToken);

    /// <summary>The Slack channel a notice's change was asked for in, if it was asked for on Slack.</summary>
    private string? OriginChannel(Notice notice) =>
        notice.Origin is { } origin && origin.StartsWith(ChannelConversation.OriginOf(Name, string.Empty), StringComparison.Ordinal)
            ? origin[ChannelConversation.OriginOf(Name, string.Empty).Length..]
            : null;

    private async Task<DeliveryOutcome> PostAsync(string channel, Notice notice, Member? mention, CancellationToken cancellationToken)
    {
        var say = mention is null ? notice.Say : new Say($"{Say.MentionOf(mention)} {notice.Text}", notice.Card, [mention, .. notice.Mentions ?? []]);
        var message = await messenger.RenderAsync(say, cancellationToken);
        var ts = await messenger.PostAsync(channel, message, null, cancellationToken);
        if (ts is not null && notice.Card?.Key is { } key)
        {
            await directory.RecordPostedCardAsync(new PostedCard(key, Name, channel, ts, null), cancellationToken);
        }

        return DeliveryOutcome.Delivered;
    }
}
