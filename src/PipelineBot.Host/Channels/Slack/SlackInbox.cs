namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// Takes in a verified request's work exactly once: a repeat of a key already taken in (Slack's retry of an event we
/// acknowledged, a doubled delivery) is acknowledged and dropped; new work is queued and acknowledged at once. Only a
/// bot that is shutting down refuses work, with 503 and the key forgotten, so Slack's retry brings it to an instance
/// that is up.
/// </summary>
internal sealed partial class SlackInbox(SlackDedupe dedupe, SlackWork work, ILogger<SlackInbox> logger)
{
    /// <summary>Queues the work (in the order of its <paramref name="orderKey"/>) unless it was taken in before; <paramref name="answer"/> is then what Slack gets.</summary>
    public bool TryTake(string key, string orderKey, bool isRetry, Func<CancellationToken, Task> handle, out IResult answer)
    {
        if (!dedupe.TryFirst(key))
        {
            LogRepeat(logger, key, isRetry);
            answer = Results.Ok();
            return false;
        }

        if (!work.TryQueue(orderKey, key, handle))
        {
            dedupe.Forget(key);
            LogFull(logger, key);
            answer = Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            return false;
        }

        answer = Results.Ok();
        return true;
    }

    /// <summary>The answer for Slack when nothing but the acknowledgement is due.</summary>
    public IResult Take(string key, string orderKey, bool isRetry, Func<CancellationToken, Task> handle)
    {
        TryTake(key, orderKey, isRetry, handle, out var answer);
        return answer;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Slack: {Key} was already taken in (retry: {IsRetry}); dropped")]
    private static partial void LogRepeat(ILogger logger, string key, bool isRetry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack: shutting down; {Key} refused with 503 for Slack to retry")]
    private static partial void LogFull(ILogger logger, string key);
}
