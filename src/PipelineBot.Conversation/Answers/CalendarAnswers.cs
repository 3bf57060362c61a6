using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Conversation.Answers;

/// <summary>"my calendar link", "new calendar link": the secret addresses of a member's and the team's on-call calendar feeds.</summary>
internal sealed class CalendarAnswers(CalendarLinks links, WebLinks web)
{
    public async Task<Say> LinkAsync(Turn turn, bool reset, CancellationToken cancellationToken)
    {
        if (turn.Speaker.Member is not { } member)
        {
            return new Say(Replies.Stranger);
        }

        // Anyone holding the address can read the feed, so it is never posted where others read along.
        if (turn.Place.Kind != Infrastructure.Channels.ChannelConversation.Personal)
        {
            return new Say("A calendar link is a secret: anyone with it can read the shifts. Ask me in a direct message and I'll send it there.");
        }

        var token = reset ? await links.ResetAsync(member.Id, cancellationToken) : await links.TokenAsync(member.Id, cancellationToken);
        var opening = reset ? "Done: your old calendar links no longer work. The new ones:" : "Subscribe to these in Outlook or Google Calendar (from a URL):";
        return new Say(
            $"{opening}\n- your shifts and holiday shifts: {web.Calendar(token, "mine")}\n- the whole team's rotation: {web.Calendar(token, "team")}\n" +
            "Keep them to yourself: anyone with a link can read it. Say \"new calendar link\" to replace them.");
    }
}
