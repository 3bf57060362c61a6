using System.Collections.Concurrent;
using PipelineBot.Infrastructure.Configuration;

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

    /// <summary>Notes limits that do not read, under their configuration key, so a typo stops the start rather than the first send.</summary>
    public static void Check(ConfigurationReader reader, string? text, string key)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            _ = ParseList(text);
        }
        catch (FormatException e)
        {
            reader.Problem(key, e.Message);
        }
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
/// Paces what the bot sends into each conversation to the channel's limits (Slack: about one post per second per
/// channel; Teams: per-conversation limits). Each send reserves the earliest start its conversation's limits allow and
/// waits until then, so sends start in the order they were queued and nothing is dropped: a send waits as long as it
/// has to. Sends are not serialised beyond that: one caller's messages stay in order because it awaits each one, and
/// the order of two callers racing into one conversation was never defined.
/// </summary>
public sealed class Outbox(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<PaceLimit>> _limits = new();
    private readonly ConcurrentDictionary<(string Channel, string Conversation), Lane> _lanes = new();

    /// <summary>Sets a channel's per-conversation limits (none until set).</summary>
    public void Limit(string channel, IReadOnlyList<PaceLimit> limits) => _limits[channel] = limits;

    public async Task<T> SendAsync<T>(string channel, string conversationId, Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken = default)
    {
        if (_limits.GetValueOrDefault(channel) is { Count: > 0 } limits)
        {
            var wait = _lanes.GetOrAdd((channel, conversationId), _ => new Lane()).Reserve(limits, time.GetUtcNow());
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }
        }

        return await send(cancellationToken);
    }

    /// <summary>The start times reserved in one conversation, as many as the largest limit needs to look back.</summary>
    private sealed class Lane
    {
        private readonly Lock _gate = new();
        private readonly Queue<DateTimeOffset> _starts = new();

        /// <summary>Reserves the earliest start the limits allow and returns how long to wait for it.</summary>
        public TimeSpan Reserve(IReadOnlyList<PaceLimit> limits, DateTimeOffset now)
        {
            lock (_gate)
            {
                var starts = _starts.ToArray();
                var at = now;
                foreach (var limit in limits)
                {
                    // The limit is full while its Count-th latest start is inside the window; the next may start when it leaves.
                    if (starts.Length >= limit.Count && starts[^limit.Count] + limit.Window > at)
                    {
                        at = starts[^limit.Count] + limit.Window;
                    }
                }

                _starts.Enqueue(at);
                while (_starts.Count > limits.Max(l => l.Count))
                {
                    _starts.Dequeue();
                }

                return at - now;
            }
        }
    }
}
