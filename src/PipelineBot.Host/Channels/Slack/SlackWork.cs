using System.Threading.Channels;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// The slow part of Slack requests (the conversation core, Web API calls), done after the 200 that Slack needs within 3
/// seconds. Queues served by a few workers: a flood of requests never starts more work at once than there are workers,
/// and is never refused (Slack does not retry a click: a refusal is a click lost), so the queues are bounded only by
/// memory. Failures are logged, and shutdown lets queued work finish until the host's shutdown timeout, then cancels what
/// is left. Work with one order key (a conversation's messages, one card's clicks) always goes to the same worker, so it
/// is done in the order it came; clicks on different cards of one channel go on side by side.
/// </summary>
internal sealed partial class SlackWork(ILogger<SlackWork> logger) : IHostedService, IDisposable
{
    private const int Workers = 8;

    private readonly Channel<(string What, Func<CancellationToken, Task> Work)>[] _queues = [.. Enumerable.Range(0, Workers).Select(_ =>
        Channel.CreateUnbounded<(string, Func<CancellationToken, Task>)>(new UnboundedChannelOptions { SingleReader = true }))];

    private readonly CancellationTokenSource _abandon = new();
    private Task _running = Task.CompletedTask;

    /// <summary>Queues work behind the earlier work of the same order key; false only once shutdown has begun.</summary>
    public bool TryQueue(string orderKey, string what, Func<CancellationToken, Task> work) =>
        _queues[(int)((uint)StringComparer.Ordinal.GetHashCode(orderKey) % Workers)].Writer.TryWrite((what, work));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = Task.WhenAll(_queues.Select(queue => Task.Run(() => ServeAsync(queue.Reader), CancellationToken.None)));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in _queues)
        {
            queue.Writer.TryComplete();
        }

        try
        {
            await _running.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogAbandoned(logger, _queues.Sum(q => q.Reader.Count));
            await _abandon.CancelAsync();
            await _running;
        }
    }

    public void Dispose() => _abandon.Dispose();

    private async Task ServeAsync(ChannelReader<(string What, Func<CancellationToken, Task> Work)> reader)
    {
        await foreach (var (what, work) in reader.ReadAllAsync(CancellationToken.None))
        {
            if (_abandon.IsCancellationRequested)
            {
                // Counted in the shutdown warning.
                continue;
            }

            try
            {
                await work(_abandon.Token);
            }
            catch (Exception e) when (!_abandon.IsCancellationRequested)
            {
                LogFailed(logger, e, what);
            }
            catch (OperationCanceledException)
            {
                // Cut short by shutdown, which said so.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack: {What} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack: shutting down with {Count} request(s) unfinished")]
    private static partial void LogAbandoned(ILogger logger, int count);
}
