using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;
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

/// <summary>A message a platform posted: the conversation it is in (as the platform names it) and its id there.</summary>
/// <param name="ServiceUrl">Where the platform's API for that conversation is, for platforms that have one per region (Teams).</param>
public sealed record PostedMessage(string ConversationId, string MessageId, string? ServiceUrl = null);

/// <summary>How a channel can reach a member with a notice for them.</summary>
public abstract record Reach
{
    private Reach()
    {
    }

    /// <summary>In these conversations of theirs (their 1:1 chat with the bot).</summary>
    public static Reach In(params IReadOnlyList<ChannelConversation> places) => new Places(places);

    /// <summary>In none of their own: in the conversation the change came from on this channel, mentioning them, if it did.</summary>
    public static readonly Reach AtOrigin = new Origin();

    /// <summary>The channel keeps the notice and shows it when the member is next there (the web chat): done here.</summary>
    public static readonly Reach Held = new Kept();

    /// <summary>The channel cannot reach them at all.</summary>
    public static readonly Reach Nowhere = new None();

    public sealed record Places(IReadOnlyList<ChannelConversation> Conversations) : Reach;

    public sealed record Origin : Reach;

    public sealed record Kept : Reach;

    public sealed record None : Reach;
}

/// <summary>
/// One platform (Teams, Slack, the local web chat), both ways, and only what is really that platform's: its endpoints
/// with their auth and wire format, which read a request into a <see cref="Turn"/> or <see cref="ButtonTurn"/> and hand it
/// to <see cref="ChannelRunner"/> with the platform's <see cref="ITurnReplies"/>; its rendering; and its send and update
/// calls. Who reads what is sent, the alert conversation, whom a notice goes to, and recording each posted copy of a
/// keyed card are the runner's, the same for every platform.
/// </summary>
public interface IChannel
{
    /// <summary>The channel's name in stored rows (<c>msteams</c>, <c>slack</c>, <c>webchat</c>): <see cref="ChannelConversation.Channel"/>.</summary>
    string Name { get; }

    /// <summary>False when the platform can send nothing (Slack without a bot token): every notice is then unreachable here.</summary>
    bool CanSend { get; }

    /// <summary>Maps the platform's endpoints (and any middleware they need).</summary>
    void Map(WebApplication app);

    /// <summary>Where team notices go while nobody has said "post alerts here" on this channel (the configured conversation).</summary>
    Task<IReadOnlyList<ChannelConversation>> DefaultAlertConversationsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Where a notice for <paramref name="member"/> can go on this platform, opening a 1:1 chat when the platform can.
    /// <paramref name="origin"/> is the conversation on this channel the change was asked for in, if any. Throws when the
    /// platform could not be asked and should be tried again later.
    /// </summary>
    Task<Reach> ReachAsync(Member member, ChannelConversation? origin, Notice notice, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a new message into a conversation, its card written for <paramref name="reader"/>; null when nothing was
    /// posted (the conversation is gone). Throws when the send failed and should be tried again later.
    /// </summary>
    Task<PostedMessage?> PostAsync(ChannelConversation place, Say say, CardReader reader, CancellationToken cancellationToken);

    /// <summary>Replaces one posted copy of a card with its new content. Throws when it should be tried again later.</summary>
    Task UpdateCardAsync(PostedCard posted, CardContent card, CardReader reader, CancellationToken cancellationToken);
}

/// <summary>Where the answers to one request go, as its platform sends them (a reply in the thread, an ephemeral answer, …).</summary>
public interface ITurnReplies
{
    /// <summary>Only the person who asked sees the answers (Slack's ephemeral messages): cards are written for them alone.</summary>
    bool AskerOnly => false;

    /// <summary>Sends one answer; the posted message, or null when what was sent cannot be found again (an ephemeral answer).</summary>
    Task<PostedMessage?> SendAsync(Say say, CardReader reader, CancellationToken cancellationToken);

    /// <summary>Puts a clicked card's new state in its place; false when the platform cannot, and the runner posts it as an answer instead.</summary>
    Task<bool> ReplaceClickedAsync(CardContent card, CardReader reader, CancellationToken cancellationToken);
}
