namespace PipelineBot.Infrastructure.Persistence;

/// <summary>
/// The sleep of a background loop that waits on stored state: until the next instant it knows to be due, until a change
/// it waits on is committed, or until a periodic backstop tick, whichever is first. The backstop is one periodic timer
/// rather than a new one-shot each round, so a clock that jumps ahead (a fake one in tests, or a machine waking from
/// sleep) catches up once instead of once per period.
/// </summary>
public sealed class LoopSleep(TimeProvider time, TimeSpan backstop) : IDisposable
{
    private readonly PeriodicTimer _backstop = new(backstop, time);
    private Task<bool>? _tick;

    /// <summary>Sleeps until <paramref name="wake"/> completes, <paramref name="due"/> has passed (none: not known), or the backstop ticks.</summary>
    public async Task SleepAsync(Task wake, TimeSpan? due, CancellationToken cancellationToken)
    {
        if (due <= TimeSpan.Zero)
        {
            return;
        }

        // A tick not yet taken stays pending across sleeps: a periodic timer takes one waiter at a time.
        _tick ??= _backstop.WaitForNextTickAsync(cancellationToken).AsTask();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = due is { } d ? Task.Delay(d, time, timer.Token) : Task.Delay(Timeout.Infinite, timer.Token);
        var first = await Task.WhenAny(wake, _tick, delay);
        if (first == _tick)
        {
            _tick = null;
        }

        await timer.CancelAsync();
    }

    public void Dispose() => _backstop.Dispose();
}
