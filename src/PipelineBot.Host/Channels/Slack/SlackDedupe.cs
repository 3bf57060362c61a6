namespace PipelineBot.Host.Channels.Slack;

/// <summary>
/// What was already taken in, so a retried delivery (Slack resends after a missing or late 200: at once, after a minute,
/// after five) is handled once. Keys live <see cref="Keep"/> on the injected clock, and at most <see cref="Capacity"/>
/// are kept (the oldest go first), so memory stays bounded under any load.
/// </summary>
internal sealed class SlackDedupe(TimeProvider time)
{
    /// <summary>Longer than Slack's last retry (about five minutes after the first try).</summary>
    public static readonly TimeSpan Keep = TimeSpan.FromMinutes(15);

    public const int Capacity = 100_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset At)> _order = new();

    /// <summary>True the first time a key is seen within <see cref="Keep"/>; false for a repeat.</summary>
    public bool TryFirst(string key)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            while (_order.TryPeek(out var oldest) && (now - oldest.At >= Keep || _order.Count >= Capacity))
            {
                _order.Dequeue();
                if (_seen.TryGetValue(oldest.Key, out var at) && at == oldest.At)
                {
                    _seen.Remove(oldest.Key);
                }
            }

            if (_seen.TryGetValue(key, out var seenAt) && now - seenAt < Keep)
            {
                return false;
            }

            _seen[key] = now;
            _order.Enqueue((key, now));
            return true;
        }
    }

    /// <summary>Forgets a key whose work could not be taken in, so Slack's retry of it is handled.</summary>
    public void Forget(string key)
    {
        lock (_gate)
        {
            _seen.Remove(key);
        }
    }
}
