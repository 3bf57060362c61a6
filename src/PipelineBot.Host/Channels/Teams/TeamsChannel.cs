using Microsoft.Extensions.Options;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;
using PipelineBot.Domain.Catalog;
using PipelineBot.Host.Channels.Delivery;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Channels.Teams;

/// <summary>
/// Teams as a <see cref="IChannel"/>: its endpoint (<see cref="TeamsEndpoints"/>), and its sends through the Bot
/// Connector. A member is reached in their 1:1 chat with the bot (opened with CreateConversation when the bot knows their
/// Teams account but has no chat yet); the configured alert conversation is used once the bot has been added to it,
/// which tells its serviceUrl.
/// </summary>
public sealed partial class TeamsChannel(
    ConnectorClient connector,
    TeamsMessages messages,
    Outbox outbox,
    ChannelDirectory directory,
    IOptions<TeamsOptions> options,
    ILogger<TeamsChannel> logger) : IChannel
{
    public string Name => TeamsPeople.Channel;

    public bool CanSend => true;

    public void Map(WebApplication app) => app.MapTeams();

    public async Task<IReadOnlyList<ChannelConversation>> DefaultAlertConversationsAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.AlertConversation))
        {
            return [];
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

    /// <summary>The member's 1:1 chat with the bot: a known one, else a new one when their Teams account, tenant and a serviceUrl are known.</summary>
    public async Task<Reach> ReachAsync(Member member, ChannelConversation? origin, Notice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (await directory.PersonalConversationAsync(Name, member.Id, cancellationToken) is { ServiceUrl: not null } known)
        {
            return Reach.In(known);
        }

        var account = await directory.FindAccountOfMemberAsync(Name, member.Id, cancellationToken);
        var near = origin ?? (await directory.AlertConversationsAsync(Name, cancellationToken) is [var first, ..] ? first : null);
        if (account is null || near?.ServiceUrl is null || near.TenantId is null)
        {
            return Reach.AtOrigin;
        }

        var id = await connector.CreatePersonalConversationAsync(near.ServiceUrl, options.Value.BotAccountId, account.AccountId, near.TenantId, cancellationToken);
        var personal = new ChannelConversation(Name, id, ChannelConversation.Personal, near.ServiceUrl, near.TenantId, member.Id);
        await directory.RememberConversationAsync(personal, cancellationToken);
        return Reach.In(personal);
    }

    public async Task<PostedMessage?> PostAsync(ChannelConversation place, Say say, CardReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(place);
        var serviceUrl = place.ServiceUrl ?? throw new InvalidOperationException($"No serviceUrl is known for Teams conversation {place.ConversationId}.");
        var body = await messages.MessageAsync(say, reader, cancellationToken);
        var id = await outbox.SendAsync(Name, place.ConversationId, ct => connector.SendAsync(serviceUrl, place.ConversationId, body, ct), cancellationToken);
        return id is null ? null : new PostedMessage(place.ConversationId, id, serviceUrl);
    }

    public async Task UpdateCardAsync(PostedCard posted, CardContent card, CardReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(posted);
        var serviceUrl = posted.ServiceUrl
            ?? (await directory.FindConversationAsync(Name, posted.ConversationId, cancellationToken))?.ServiceUrl
            ?? throw new InvalidOperationException($"No serviceUrl is known for Teams conversation {posted.ConversationId}.");
        var update = messages.CardUpdate(posted.MessageId, card, reader);
        await outbox.SendAsync(Name, posted.ConversationId, ct => connector.UpdateAsync(serviceUrl, posted.ConversationId, posted.MessageId, update, ct), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams:AlertConversation {Conversation} is not known yet: add the bot to that conversation.")]
    private static partial void LogAlertConversationUnknown(ILogger logger, string conversation);
}
