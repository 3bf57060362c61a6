using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// Takes in a verified request's work exactly once, across instances (<see cref="InboundKeys"/>): a repeat of a key
/// already taken in (Slack's retry of an event we acknowledged, a doubled delivery) is acknowledged and dropped; new work is queued and acknowledged at once. Only a
/// bot that is shutting down refuses work, with 503 and the key forgotten, so Slack's retry brings it to an instance
/// that is up.
/// </summary>
internal sealed partial class SlackInbox(InboundKeys taken, SlackWork work, ILogger<SlackInbox> logger)
{
    /// <summary>Queues the work (in the order of its <paramref name="orderKey"/>) unless it was taken in before; <paramref name="answer"/> is then what Slack gets.</summary>
    public async Task<(bool Taken, IResult Answer)> TryTakeAsync(string key, string orderKey, bool isRetry, Func<CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        if (!await taken.TryFirstAsync($"slack:{key}", cancellationToken))
        {
            LogRepeat(logger, key, isRetry);
            return (false, Results.Ok());
        }

        if (!work.TryQueue(orderKey, key, handle))
        {
            await taken.ForgetAsync($"slack:{key}", CancellationToken.None);
            LogFull(logger, key);
            return (false, Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        }

        return (true, Results.Ok());
    }

    /// <summary>The answer for Slack when nothing but the acknowledgement is due.</summary>
    public async Task<IResult> TakeAsync(string key, string orderKey, bool isRetry, Func<CancellationToken, Task> handle, CancellationToken cancellationToken) =>
        (await TryTakeAsync(key, orderKey, isRetry, handle, cancellationToken)).Answer;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Slack: {Key} was already taken in (retry: {IsRetry}); dropped")]
    private static partial void LogRepeat(ILogger logger, string key, bool isRetry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack: shutting down; {Key} refused with 503 for Slack to retry")]
    private static partial void LogFull(ILogger logger, string key);
}
