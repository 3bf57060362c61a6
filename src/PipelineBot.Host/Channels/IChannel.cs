using PipelineBot.Conversation;
using PipelineBot.Domain.Catalog;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Channels;

/// <summary>A stored notice as a channel delivers it, with its card (if any) drawn from its current state.</summary>
/// <param name="Audience">A member id, or <see cref="Infrastructure.Audit.Journal.Team"/>.</param>
/// <param name="Origin">Where the change was asked for (<see cref="ChannelConversation.Origin"/>), if anywhere.</param>
/// <param name="Mentions">The members whose <c>@{id}</c> appears in <paramref name="Text"/> (an incident pages the person on call by name).</param>
public sealed record Notice(long Id, string Audience, string Text, CardContent? Card, string? Origin, IReadOnlyList<Member>? Mentions = null)
{
    /// <summary>The notice as something to say, with its mentions.</summary>
    public Say Say => new(Text, Card, Mentions);
}

public enum DeliveryOutcome
{
    Delivered,

    /// <summary>This channel has no way to reach the audience (no account, no conversation); nothing to retry.</summary>
    Unreachable,
}

/// <summary>
/// One enabled channel (Teams, Slack or the local web chat), as the notice dispatcher sees it. Incoming requests are the
/// channel's own business (its endpoints); this is the way out for messages nobody asked for.
/// </summary>
public interface IChannel
{
    /// <summary>The channel's name in stored rows: <c>msteams</c>, <c>slack</c> or <c>webchat</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Sends a notice: to a member in a 1:1 conversation when the channel can reach them (else in the origin
    /// conversation, mentioning them, when that is on this channel), or to the team's alert conversation(s). A card
    /// copy that was posted is recorded with <see cref="ChannelDirectory.RecordPostedCardAsync"/>. Throws when the
    /// send failed and should be tried again later.
    /// </summary>
    Task<DeliveryOutcome> DeliverAsync(Notice notice, CancellationToken cancellationToken);

    /// <summary>Replaces one posted copy of a card with its new content. Throws when it should be tried again later.</summary>
    Task UpdateCardAsync(PostedCard posted, CardContent card, CancellationToken cancellationToken);
}
