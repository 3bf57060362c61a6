using Microsoft.Extensions.Options;
using PipelineBot.Conversation;
using PipelineBot.Domain.Catalog;
using PipelineBot.Host.Channels.Delivery;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Channels.Teams;

/// <summary>
/// Notices nobody asked for, into Teams: to a member in their 1:1 chat with the bot (opening one with
/// CreateConversation when the bot knows their Teams account but has no chat yet), else in the Teams conversation the
/// change came from, mentioning them; to the team in its alert conversation(s).
/// </summary>
public sealed partial class TeamsChannel(
    ConnectorClient connector,
    TeamsMessages messages,
    Outbox outbox,
    ChannelDirectory directory,
    CardReaders readers,
    Catalog catalog,
    IOptions<TeamsOptions> options,
    ILogger<TeamsChannel> logger) : IChannel
{
    public string Name => TeamsPeople.Channel;

    public async Task<DeliveryOutcome> DeliverAsync(Notice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.Audience == Journal.Team)
        {
            var places = await TeamPlacesAsync(cancellationToken);
            foreach (var place in places)
            {
                await PostAsync(place, notice.Say, cancellationToken);
            }

            return places.Count > 0 ? DeliveryOutcome.Delivered : DeliveryOutcome.Unreachable;
        }

        var member = catalog.FindMember(notice.Audience);
        if (member is null)
        {
            return DeliveryOutcome.Unreachable;
        }

        var origin = await OriginAsync(notice.Origin, cancellationToken);
        if (await PersonalAsync(member, origin, cancellationToken) is { } personal)
        {
            await PostAsync(personal, notice.Say, cancellationToken);
            return DeliveryOutcome.Delivered;
        }

        if (origin is not null)
        {
            await PostAsync(origin, new Say($"{Say.MentionOf(member)} {notice.Text}", notice.Card, [member, .. notice.Mentions ?? []]), cancellationToken);
            return DeliveryOutcome.Delivered;
        }

        return DeliveryOutcome.Unreachable;
    }

    public async Task UpdateCardAsync(PostedCard posted, CardContent card, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(posted);
        var serviceUrl = posted.ServiceUrl
            ?? (await directory.FindConversationAsync(Name, posted.ConversationId, cancellationToken))?.ServiceUrl
            ?? throw new InvalidOperationException($"No serviceUrl is known for Teams conversation {posted.ConversationId}.");
        var update = messages.CardUpdate(posted.MessageId, card, await readers.OfAsync(posted, cancellationToken));
        await outbox.SendAsync(Name, posted.ConversationId, ct => connector.UpdateAsync(serviceUrl, posted.ConversationId, posted.MessageId, update, ct), cancellationToken);
    }

    private async Task<IReadOnlyList<ChannelConversation>> TeamPlacesAsync(CancellationToken cancellationToken)
    {
        var chosen = await directory.AlertConversationsAsync(Name, cancellationToken);
        if (chosen.Count > 0 || string.IsNullOrWhiteSpace(options.Value.AlertConversation))
        {
            return chosen;
        }

        // The configured conversation needs its serviceUrl, which only an activity from there tells: the bot must have been added to it.
        var configured = await directory.FindConversationAsync(Name, options.Value.AlertConversation, cancellationToken);
        if (configured?.ServiceUrl is null)
        {
            LogAlertConversationUnknown(logger, options.Value.AlertConversation);
            return [];
        }

        return [configured];
    }

    private async Task<ChannelConversation?> OriginAsync(string? origin, CancellationToken cancellationToken)
    {
        var prefix = ChannelConversation.OriginOf(Name, "");
        return origin is not null && origin.StartsWith(prefix, StringComparison.Ordinal)
            ? await directory.FindConversationAsync(Name, origin[prefix.Length..], cancellationToken)
            : null;
    }

    /// <summary>The member's 1:1 chat with the bot: a known one, else a new one when their Teams account, tenant and a serviceUrl are known.</summary>
    private async Task<ChannelConversation?> PersonalAsync(Member member, ChannelConversation? origin, CancellationToken cancellationToken)
    {
        if (await directory.PersonalConversationAsync(Name, member.Id, cancellationToken) is { ServiceUrl: not null } known)
        {
            return known;
        }

        var account = await directory.FindAccountOfMemberAsync(Name, member.Id, cancellationToken);
        var near = origin ?? (await directory.AlertConversationsAsync(Name, cancellationToken) is [var first, ..] ? first : null);
        if (account is null || near?.ServiceUrl is null || near.TenantId is null)
        {
            return null;
        }

        var id = await connector.CreatePersonalConversationAsync(near.ServiceUrl, options.Value.BotAccountId, account.AccountId, near.TenantId, cancellationToken);
        var personal = new ChannelConversation(Name, id, ChannelConversation.Personal, near.ServiceUrl, near.TenantId, member.Id);
        await directory.RememberConversationAsync(personal, cancellationToken);
        return personal;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams:AlertConversation {Conversation} is not known yet: add the bot to that conversation.")]
    private static partial void LogAlertConversationUnknown(ILogger logger, string conversation);

    private async Task PostAsync(ChannelConversation place, Say say, CancellationToken cancellationToken)
    {
        var serviceUrl = place.ServiceUrl ?? throw new InvalidOperationException($"No serviceUrl is known for Teams conversation {place.ConversationId}.");
        var body = await messages.MessageAsync(say, await readers.OfAsync(place, cancellationToken), cancellationToken);
        var id = await outbox.SendAsync(Name, place.ConversationId, ct => connector.SendAsync(serviceUrl, place.ConversationId, body, ct), cancellationToken);
        if (say.Card?.Key is { } key && id is not null)
        {
            await directory.RecordPostedCardAsync(new PostedCard(key, Name, place.ConversationId, id, serviceUrl), cancellationToken);
        }
    }
}
