using System.Collections.Concurrent;
using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;
using PipelineBot.Domain.Catalog;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Channels;

/// <summary>
/// What every channel does the same way, whichever platform it is on. The way in: a platform reads who spoke (joined to
/// a catalog member by its people lookup) and where, and the runner remembers the place, runs the turn or the click
/// through <see cref="IConversation"/>, and sends the answers through the request's <see cref="ITurnReplies"/>, the
/// clicked card's new state in its place. The way out: a notice goes to the member's own conversation, else the one it
/// came from, or for the team to the alert conversation chosen with "post alerts here", else the platform's configured
/// one. Every keyed card a channel posts, answer or notice, is recorded here and nowhere else, so its later redraws
/// (<see cref="UpdateCardAsync"/>) find every copy.
/// </summary>
public sealed class ChannelRunner(IConversation core, ChannelDirectory directory, CardReaders readers, Catalog catalog)
{
    private readonly ConcurrentDictionary<(string Channel, string Conversation, string? Member), bool> _remembered = new();

    /// <summary>Runs a message: remembers where it was said and returns what the core answers, unsent (for platforms that send all answers as one).</summary>
    public async Task<IReadOnlyList<Say>> AskAsync(Turn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        await RememberAsync(turn.Place, cancellationToken);
        return await core.HandleAsync(turn, cancellationToken);
    }

    /// <summary>Runs a click: remembers where it was and returns the core's answer, unsent (for platforms that answer a click in its HTTP response).</summary>
    public async Task<ButtonResult> PressAsync(ButtonTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        await RememberAsync(turn.Place, cancellationToken);
        return await core.HandleButtonAsync(turn, cancellationToken);
    }

    /// <summary>Runs a message and sends the answers.</summary>
    public async Task MessageAsync(Turn turn, ITurnReplies replies, CancellationToken cancellationToken)
    {
        var says = await AskAsync(turn, cancellationToken);
        await ReplyAsync(turn.Place, turn.Speaker, replies, says, cancellationToken);
    }

    /// <summary>Runs a click, puts the card's new state in place of the clicked one (below it where it cannot be replaced), and sends the replies.</summary>
    public async Task ClickAsync(ButtonTurn turn, ITurnReplies replies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replies);
        var result = await PressAsync(turn, cancellationToken);
        var reader = ReaderOf(turn.Place, turn.Speaker, replies);
        IEnumerable<Say> answers = result.Replies;
        if (result.UpdatedCard is { } card && !await replies.ReplaceClickedAsync(card, reader, cancellationToken))
        {
            answers = answers.Prepend(new Say(string.Empty, card));
        }

        await ReplyAsync(turn.Place, turn.Speaker, replies, answers, cancellationToken);
    }

    /// <summary>Sends answers to <paramref name="speaker"/> in <paramref name="place"/>, in order, each card written for whoever sees it there.</summary>
    public async Task ReplyAsync(ChannelConversation place, Speaker speaker, ITurnReplies replies, IEnumerable<Say> says, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(place);
        ArgumentNullException.ThrowIfNull(replies);
        ArgumentNullException.ThrowIfNull(says);
        var reader = ReaderOf(place, speaker, replies);
        foreach (var say in says)
        {
            await SendAsync(place.Channel, say, ct => replies.SendAsync(say, reader, ct), cancellationToken);
        }
    }

    /// <summary>Posts a new message into a conversation, written for whoever reads there; null when the platform posted nothing.</summary>
    public async Task<PostedMessage?> PostAsync(IChannel channel, ChannelConversation place, Say say, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var reader = await readers.OfAsync(place, cancellationToken);
        return await SendAsync(channel.Name, say, ct => channel.PostAsync(place, say, reader, ct), cancellationToken);
    }

    /// <summary>
    /// Sends a notice on one channel: to a member where <see cref="IChannel.ReachAsync"/> says (in the conversation it came
    /// from, mentioning them, when they have none of their own), or to the team's alert conversation(s). Throws when the
    /// send failed and should be tried again later.
    /// </summary>
    public async Task<DeliveryOutcome> DeliverAsync(IChannel channel, Notice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(notice);
        if (!channel.CanSend)
        {
            return DeliveryOutcome.Unreachable;
        }

        if (notice.Audience == Journal.Team)
        {
            return await DeliverToTeamAsync(channel, notice, cancellationToken);
        }

        if (catalog.FindMember(notice.Audience) is not { } member)
        {
            return DeliveryOutcome.Unreachable;
        }

        var origin = await OriginAsync(channel.Name, notice.Origin, cancellationToken);
        switch (await channel.ReachAsync(member, origin, notice, cancellationToken))
        {
            case Reach.Places { Conversations: var places }:
                return await PostEachAsync(channel, places, notice.Say, cancellationToken) > 0 ? DeliveryOutcome.Delivered : DeliveryOutcome.Unreachable;
            case Reach.Kept:
                return DeliveryOutcome.Delivered;
            case Reach.Origin when origin is not null:
                var mentioning = new Say($"{Say.MentionOf(member)} {notice.Text}", notice.Card, [member, .. notice.Mentions ?? []]);
                return await PostAsync(channel, origin, mentioning, cancellationToken) is null ? DeliveryOutcome.Unreachable : DeliveryOutcome.Delivered;
            default:
                return DeliveryOutcome.Unreachable;
        }
    }

    /// <summary>Replaces one posted copy of a card with its new content, written for whoever reads it there.</summary>
    public async Task UpdateCardAsync(IChannel channel, PostedCard posted, CardContent card, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (channel.CanSend)
        {
            await channel.UpdateCardAsync(posted, card, await readers.OfAsync(posted, cancellationToken), cancellationToken);
        }
    }

    /// <summary>
    /// The alert conversations chosen with "post alerts here", else the configured default. A chosen one the platform
    /// no longer has (a web chat conversation forgotten since) counts as none.
    /// </summary>
    private async Task<DeliveryOutcome> DeliverToTeamAsync(IChannel channel, Notice notice, CancellationToken cancellationToken)
    {
        var chosen = await directory.AlertConversationsAsync(channel.Name, cancellationToken);
        var posted = await PostEachAsync(channel, chosen, notice.Say, cancellationToken);
        if (posted == 0)
        {
            var defaults = (await channel.DefaultAlertConversationsAsync(cancellationToken)).Where(d => !chosen.Any(c => c.ConversationId == d.ConversationId));
            posted = await PostEachAsync(channel, [.. defaults], notice.Say, cancellationToken);
        }

        return posted > 0 ? DeliveryOutcome.Delivered : DeliveryOutcome.Unreachable;
    }

    private async Task<int> PostEachAsync(IChannel channel, IReadOnlyList<ChannelConversation> places, Say say, CancellationToken cancellationToken)
    {
        var posted = 0;
        foreach (var place in places)
        {
            posted += await PostAsync(channel, place, say, cancellationToken) is null ? 0 : 1;
        }

        return posted;
    }

    /// <summary>The one place a message is sent and, when it holds a keyed card, its copy recorded.</summary>
    private async Task<PostedMessage?> SendAsync(string channel, Say say, Func<CancellationToken, Task<PostedMessage?>> send, CancellationToken cancellationToken)
    {
        var posted = await send(cancellationToken);
        if (posted is not null && say.Card?.Key is { } key)
        {
            await directory.RecordPostedCardAsync(new PostedCard(key, channel, posted.ConversationId, posted.MessageId, posted.ServiceUrl), cancellationToken);
        }

        return posted;
    }

    private CardReader ReaderOf(ChannelConversation place, Speaker speaker, ITurnReplies replies) =>
        replies.AskerOnly ? CardReader.Person(speaker.TimeZone) : readers.Of(place, speaker);

    /// <summary>The conversation a notice's change was asked for in, when that was on this channel and the bot knows it.</summary>
    private async Task<ChannelConversation?> OriginAsync(string channel, string? origin, CancellationToken cancellationToken)
    {
        var prefix = ChannelConversation.OriginOf(channel, string.Empty);
        return origin is not null && origin.StartsWith(prefix, StringComparison.Ordinal)
            ? await directory.FindConversationAsync(channel, origin[prefix.Length..], cancellationToken)
            : null;
    }

    /// <summary>Each place is stored once per process (and again when its member becomes known), so notices can reach it later.</summary>
    private async Task RememberAsync(ChannelConversation place, CancellationToken cancellationToken)
    {
        if (_remembered.TryAdd((place.Channel, place.ConversationId, place.MemberId), true))
        {
            await directory.RememberConversationAsync(place, cancellationToken);
        }
    }
}
