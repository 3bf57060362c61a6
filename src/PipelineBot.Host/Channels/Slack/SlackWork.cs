using System.Threading.Channels;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// The slow part of Slack requests (the conversation core, Web API calls), done after the 200 that Slack needs within 3
/// seconds. A bounded queue served by a few workers: a flood of requests cannot start unbounded work, failures are
/// logged, and shutdown lets queued work finish until the host's shutdown timeout, then cancels what is left.
/// </summary>
internal sealed partial class SlackWork(ILogger<SlackWork> logger) : IHostedService, IDisposable
{
    public const int QueueCapacity = 10_000;

    private const int Workers = 8;

    private readonly Channel<(string What, Func<CancellationToken, Task> Work)> _queue =
        Channel.CreateBounded<(string, Func<CancellationToken, Task>)>(new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });

    private readonly CancellationTokenSource _abandon = new();
    private Task _running = Task.CompletedTask;

    /// <summary>Queues work; false when the queue is full (the caller answers 503 so Slack tries again later).</summary>
    public bool TryQueue(string what, Func<CancellationToken, Task> work) => _queue.Writer.TryWrite((what, work));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(ServeAsync, CancellationToken.None)));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        try
        {
            await _running.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogAbandoned(logger, _queue.Reader.Count);
            await _abandon.CancelAsync();
            await _running;
        }
    }

    public void Dispose() => _abandon.Dispose();

    private async Task ServeAsync()
    {
        await foreach (var (what, work) in _queue.Reader.ReadAllAsync(CancellationToken.None))
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
