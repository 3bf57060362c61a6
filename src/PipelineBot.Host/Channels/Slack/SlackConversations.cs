using PipelineBot.Conversation;
using PipelineBot.Domain.Catalog;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// Turns what Slack delivered into turns for the core: who spoke, where (a DM is the member's personal conversation),
/// and what they typed, with Slack's markup undone.
/// </summary>
internal sealed class SlackConversations(SlackPeople people, Catalog catalog)
{
    /// <summary>Where a message in a channel id was said: <c>D…</c> is a DM, anything else a channel or group.</summary>
    public static ChannelConversation PlaceOf(string channelId, Speaker speaker)
    {
        var isDirect = channelId.StartsWith('D');
        return new ChannelConversation(SlackPeople.Channel, channelId, isDirect ? ChannelConversation.Personal : "channel", MemberId: isDirect ? speaker.Member?.Id : null);
    }

    /// <summary>The words typed, with the bot's mention stripped and other people's mentions as their names.</summary>
    public async Task<string> TextAsync(string text, string? botUserId, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var user in SlackText.MentionedUsers(text))
        {
            if (user != botUserId)
            {
                var account = await people.AccountAsync(user, null, cancellationToken);
                names[user] = account?.MemberId is { } member ? catalog.FindMember(member)?.Name ?? account.Name : account?.Name;
            }
        }

        return SlackText.FromSlack(text, botUserId, user => names.GetValueOrDefault(user));
    }
}
