using PipelineBot.Conversation;
using PipelineBot.Conversation.Cards;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// Answers posted in a Slack channel or DM with chat.postMessage (in a thread when the request came from one); a clicked
/// card, message <paramref name="clickedTs"/>, is replaced with chat.update.
/// </summary>
internal sealed class SlackThread(SlackMessenger messenger, string channel, string? threadTs, string? clickedTs = null) : ITurnReplies
{
    public async Task<PostedMessage?> SendAsync(Say say, CardReader reader, CancellationToken cancellationToken)
    {
        var ts = await messenger.PostAsync(channel, await messenger.RenderAsync(say, reader, cancellationToken), threadTs, cancellationToken);
        return ts is null ? null : new PostedMessage(channel, ts);
    }

    public async Task<bool> ReplaceClickedAsync(CardContent card, CardReader reader, CancellationToken cancellationToken)
    {
        if (clickedTs is null)
        {
            return false;
        }

        await messenger.UpdateAsync(channel, clickedTs, await messenger.RenderAsync(new Say(string.Empty, card), reader, cancellationToken), cancellationToken);
        return true;
    }
}

/// <summary>
/// Answers to a click on an ephemeral message, which chat.update cannot touch and only the clicker sees: through the
/// click's response_url, the card replacing the clicked message and each reply added ephemerally. Nothing posted this
/// way can be found again, so no copy is recorded.
/// </summary>
internal sealed class SlackEphemeral(SlackMessenger messenger, Uri responseUrl, string channel) : ITurnReplies
{
    public bool AskerOnly => true;

    public async Task<PostedMessage?> SendAsync(Say say, CardReader reader, CancellationToken cancellationToken)
    {
        await messenger.RespondAsync(responseUrl, channel, await messenger.RenderAsync(say, reader, cancellationToken), replaceOriginal: false, cancellationToken);
        return null;
    }

    public async Task<bool> ReplaceClickedAsync(CardContent card, CardReader reader, CancellationToken cancellationToken)
    {
        await messenger.RespondAsync(responseUrl, channel, await messenger.RenderAsync(new Say(string.Empty, card), reader, cancellationToken), replaceOriginal: true, cancellationToken);
        return true;
    }
}
