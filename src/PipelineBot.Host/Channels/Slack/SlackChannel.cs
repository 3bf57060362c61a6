using Microsoft.Extensions.Options;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;
using PipelineBot.Domain.Catalog;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// Slack as a <see cref="IChannel"/>: its endpoints (<see cref="SlackServiceCollectionExtensions.MapSlack"/>) and its
/// sends through the Web API. A member is reached in their DM (the one they used, else one opened with
/// conversations.open for the Slack user with their catalog email); a member Slack does not know is unreachable here, and
/// when Slack refuses the DM the notice goes where the change came from. The configured
/// <see cref="SlackOptions.AlertChannel"/> is the alert channel until someone says "post alerts here". Without a bot
/// token nothing can be sent.
/// </summary>
internal sealed class SlackChannel(SlackMessenger messenger, SlackPeople people, SlackWebApi api, ChannelDirectory directory, IOptions<SlackOptions> options)
    : IChannel
{
    public string Name => SlackPeople.Channel;

    public bool CanSend => options.Value.CanSend;

    public void Map(WebApplication app) => app.MapSlack();

    public async Task<IReadOnlyList<ChannelConversation>> DefaultAlertConversationsAsync(CancellationToken cancellationToken) =>
        options.Value.AlertChannel is { Length: > 0 } configured
            ? [await directory.FindConversationAsync(Name, configured, cancellationToken) ?? new ChannelConversation(Name, configured, "channel")]
            : [];

    public async Task<Reach> ReachAsync(Member member, ChannelConversation? origin, Notice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (await directory.PersonalConversationAsync(Name, member.Id, cancellationToken) is { } known)
        {
            return Reach.In(known);
        }

        if (await people.SlackUserOfAsync(member, cancellationToken) is not { } user)
        {
            return Reach.Nowhere;
        }

        string direct;
        try
        {
            direct = await api.OpenDirectMessageAsync(user, cancellationToken);
        }
        catch (SlackApiException) when (origin is not null)
        {
            return Reach.AtOrigin;
        }

        var dm = new ChannelConversation(Name, direct, ChannelConversation.Personal, MemberId: member.Id);
        await directory.RememberConversationAsync(dm, cancellationToken);
        return Reach.In(dm);
    }

    public Task<PostedMessage?> PostAsync(ChannelConversation place, Say say, CardReader reader, CancellationToken cancellationToken) =>
        new SlackThread(messenger, place.ConversationId, threadTs: null).SendAsync(say, reader, cancellationToken);

    public Task UpdateCardAsync(PostedCard posted, CardContent card, CardReader reader, CancellationToken cancellationToken) =>
        new SlackThread(messenger, posted.ConversationId, threadTs: null, clickedTs: posted.MessageId).ReplaceClickedAsync(card, reader, cancellationToken);
}
