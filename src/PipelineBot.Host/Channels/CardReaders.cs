using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Rotation;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Channels;

/// <summary>
/// Who reads a card a channel sends, decided by who can see it, the same way when it is first posted and whenever it is
/// redrawn: in a 1:1 conversation its member, in the zone their client last reported on that channel (else their
/// configured zone, else the rotation's, as for a <see cref="Speaker"/>); in a channel or group chat everyone there.
/// An answer only the asker sees (Slack's ephemeral messages, Teams' answer to a card click) is theirs alone.
/// </summary>
public sealed class CardReaders(ChannelDirectory directory, Catalog catalog, ShiftCalendar calendar)
{
    /// <summary>Everyone in a channel or group chat; where a platform cannot write each reader's zone, the rotation's is named.</summary>
    public CardReader Everyone => CardReader.Everyone(calendar.Zone);

    /// <summary>The reader of an answer to <paramref name="speaker"/> in <paramref name="place"/>.</summary>
    public CardReader Of(ChannelConversation place, Speaker speaker)
    {
        ArgumentNullException.ThrowIfNull(place);
        ArgumentNullException.ThrowIfNull(speaker);
        return place.Kind == ChannelConversation.Personal ? CardReader.Person(speaker.TimeZone) : Everyone;
    }

    /// <summary>A member, in <paramref name="clientTimeZone"/> (an IANA id their client reported) if it is one.</summary>
    public CardReader Person(Member member, string? clientTimeZone)
    {
        ArgumentNullException.ThrowIfNull(member);
        return CardReader.Person(Speaker.Of(member, member.Name, clientTimeZone, calendar.Zone).TimeZone);
    }

    /// <summary>The reader of a card in <paramref name="place"/>; a place the bot has no record of (a channel's thread) is read by everyone there.</summary>
    public async Task<CardReader> OfAsync(ChannelConversation? place, CancellationToken cancellationToken)
    {
        if (place is not { Kind: ChannelConversation.Personal, MemberId: { } memberId } || catalog.FindMember(memberId) is not { } member)
        {
            return Everyone;
        }

        var account = await directory.FindAccountOfMemberAsync(place.Channel, member.Id, cancellationToken);
        return Person(member, account?.TimeZone);
    }

    /// <summary>The reader of a posted copy, from the conversation it is in.</summary>
    public async Task<CardReader> OfAsync(PostedCard posted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(posted);
        return await OfAsync(await directory.FindConversationAsync(posted.Channel, posted.ConversationId, cancellationToken), cancellationToken);
    }
}
