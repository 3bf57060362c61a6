using PipelineBot.Infrastructure.Channels;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Web;

namespace PipelineBot.Conversation.Answers;

/// <summary>"web": a one-time link that signs the person in to the bot's web pages.</summary>
internal sealed class WebAnswers(WebSignIn signIn, WebLinks web)
{
    public async Task<Say> SignInLinkAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Speaker.Member is not { } member)
        {
            return new Say(Replies.Stranger);
        }

        // The link signs in whoever opens it first, so it goes only where its owner alone reads.
        if (turn.Place.Kind != ChannelConversation.Personal)
        {
            return new Say("A sign-in link opens the web pages as you, so I only send it in a direct message: say \"web\" to me there.");
        }

        var token = await signIn.IssueLinkAsync(member.Id, cancellationToken);
        return new Say(
            $"Your sign-in link to the on-call calendar, incidents, pipelines and SLA review pages (it works once, for the next {WebSignIn.LinkLifetime.TotalMinutes:0} minutes): {web.SignIn(token)}");
    }
}
