using System.Collections.Concurrent;

namespace PipelineBot.Host.Channels.Delivery;

/// <summary>A platform's limit on messages into one conversation: at most <see cref="Count"/> per <see cref="Window"/>.</summary>
public sealed record PaceLimit(int Count, TimeSpan Window)
{
    /// <summary>Reads limits written as <c>7/1s, 60/30s, 1800/1h</c>; an empty text means no limit.</summary>
    public static IReadOnlyList<PaceLimit> ParseList(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        return [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Parse)];
    }

    private static PaceLimit Parse(string part)
    {
        var slash = part.IndexOf('/', StringComparison.Ordinal);
        if (slash < 1 || !int.TryParse(part[..slash], out var count) || count < 1 || part.Length < slash + 3)
        {
            throw new FormatException($"'{part}' is not a limit such as 7/1s (count/window with s, m or h).");
        }

        var unit = part[^1];
        if (!int.TryParse(part[(slash + 1)..^1], out var amount) || amount < 1 || unit is not ('s' or 'm' or 'h'))
        {
            throw new FormatException($"'{part}' is not a limit such as 7/1s (count/window with s, m or h).");
        }

        return new PaceLimit(count, unit switch { 's' => TimeSpan.FromSeconds(amount), 'm' => TimeSpan.FromMinutes(amount), _ => TimeSpan.FromHours(amount) });
    }
}

/// <summary>
/// Paces and orders what the bot sends into each conversation: sends to one conversation go one at a time, in the
/// order they were queued, and wait while the channel's limits (Slack: about one post per second per channel; Teams:
/// per-conversation limits) are used up. Nothing is dropped: a send waits as long as it has to.
/// </summary>
public sealed class Outbox(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<PaceLimit>> _limits = new();
    private readonly ConcurrentDictionary<(string Channel, string Conversation), Lane> _lanes = new();

    /// <summary>Sets a channel's per-conversation limits (none until set).</summary>
    public void Limit(string channel, IReadOnlyList<PaceLimit> limits) => _limits[channel] = limits;

    public async Task<T> SendAsync<T>(string channel, string conversationId, Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken = default)
    {
        var limits = _limits.GetValueOrDefault(channel) ?? [];
        var lane = _lanes.GetOrAdd((channel, conversationId), _ => new Lane());
        await lane.Turn.WaitAsync(cancellationToken);
        try
        {
            if (limits.Count > 0)
            {
                var wait = lane.WaitBeforeNext(limits, time.GetUtcNow());
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken);
                }

                lane.Sent(time.GetUtcNow(), limits.Max(l => l.Count));
            }

            return await send(cancellationToken);
        }
        finally
        {
            lane.Turn.Release();
        }
    }

    /// <summary>One conversation's turn to send (async waiters on a semaphore are served first come, first served) and its recent sends.</summary>
    private sealed class Lane
    {
        private readonly Queue<DateTimeOffset> _recent = new();

        public SemaphoreSlim Turn { get; } = new(1, 1);

        public TimeSpan WaitBeforeNext(IReadOnlyList<PaceLimit> limits, DateTimeOffset now)
        {
            var sends = _recent.ToArray();
            var wait = TimeSpan.Zero;
            foreach (var limit in limits)
            {
                // The limit is full when its Count-th most recent send is still inside the window; the next send may
                // go when that one leaves it.
                if (sends.Length >= limit.Count)
                {
                    var leaves = sends[^limit.Count] + limit.Window;
                    if (leaves - now > wait)
                    {
                        wait = leaves - now;
                    }
                }
            }

            return wait;
        }

        public void Sent(DateTimeOffset at, int keep)
        {
            _recent.Enqueue(at);
            while (_recent.Count > keep)
            {
                _recent.Dequeue();
            }
        }
    }
}
