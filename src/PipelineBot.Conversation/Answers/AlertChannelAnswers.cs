using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Conversation.Answers;

/// <summary>
/// "Post alerts here": makes the conversation the team's alert channel on its channel app. Only a team channel or group
/// chat can be one, so that nobody moves the team's alerts into a 1:1 chat by accident; the local web chat, where every
/// conversation is a 1:1 trial, is the exception.
/// </summary>
internal sealed class AlertChannelAnswers(ChannelDirectory directory)
{
    public const string WebChat = "webchat";

    public async Task<Say> AnswerAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Speaker.Member is null)
        {
            return new Say(Replies.Stranger);
        }

        var place = turn.Place;
        if (place.Kind == ChannelConversation.Personal && place.Channel != WebChat)
        {
            return new Say("Alerts go to a team channel or group chat, not a 1:1 chat: say \"post alerts here\" there (mentioning me).");
        }

        await directory.SetAlertConversationAsync(place, cancellationToken);
        return new Say($"Done: I'll post incident alerts and team notices here. There is one alert conversation per channel app, so this replaces any earlier one on {place.Channel}.");
    }
}
