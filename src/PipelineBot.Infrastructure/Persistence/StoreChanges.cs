using System.Threading.Channels;

namespace PipelineBot.Infrastructure.Persistence;

/// <summary>The kinds of stored state that something caches or waits on, announced when a change to them is committed.</summary>
[Flags]
public enum ChangeTopics
{
    None = 0,

    /// <summary>Holiday assignments and overrides: the cached schedule.</summary>
    Schedule = 1,

    /// <summary>Incidents: the open incidents known per pipeline.</summary>
    Incidents = 2,

    /// <summary>Incident clocks and reruns: what the sweeper's timer is armed for.</summary>
    Clocks = 4,

    /// <summary>Notices to deliver: what the dispatcher's timer is armed for.</summary>
    Notices = 8,

    All = Schedule | Incidents | Clocks | Notices,
}

/// <summary>
/// Where committed changes are announced: to this instance's caches and timers at once, and, through a transport that
/// takes <see cref="Share"/> (PostgreSQL <c>NOTIFY</c>), to the other instances on the same database, whose transport
/// hands them back here with <see cref="CommittedElsewhere"/>. Waiters take <see cref="Next"/> before they read the
/// state they wait on, so a change committed between their read and their wait still wakes them.
/// </summary>
public sealed class StoreChanges
{
    private static readonly ChangeTopics[] Each = [ChangeTopics.Schedule, ChangeTopics.Incidents, ChangeTopics.Clocks, ChangeTopics.Notices];

    private readonly TaskCompletionSource[] _next = [.. Each.Select(_ => NewSignal())];
    private readonly long[] _versions = new long[Each.Length];
    private Channel<ChangeTopics>? _shared;

    /// <summary>Moves on each time a change to the topic is announced, from here or elsewhere.</summary>
    public long Version(ChangeTopics topic) => Volatile.Read(ref _versions[Index(topic)]);

    /// <summary>Completes at the next announced change of any of <paramref name="topics"/>.</summary>
    public Task Next(ChangeTopics topics)
    {
        var waits = Each.Where(t => topics.HasFlag(t)).Select(t => Volatile.Read(ref _next[Index(t)]).Task).ToArray();
        return waits.Length == 1 ? waits[0] : Task.WhenAny(waits);
    }

    /// <summary>A change made by this instance was committed.</summary>
    public void Committed(ChangeTopics topics)
    {
        if (topics == ChangeTopics.None)
        {
            return;
        }

        Announce(topics);
        Volatile.Read(ref _shared)?.Writer.TryWrite(topics);
    }

    /// <summary>Another instance committed a change (or may have: a transport that lost its connection says <see cref="ChangeTopics.All"/>).</summary>
    public void CommittedElsewhere(ChangeTopics topics) => Announce(topics);

    /// <summary>This instance's committed changes from now on, for a transport to pass to the other instances.</summary>
    public ChannelReader<ChangeTopics> Share()
    {
        var shared = Channel.CreateUnbounded<ChangeTopics>(new UnboundedChannelOptions { SingleReader = true });
        return (Interlocked.CompareExchange(ref _shared, shared, null) ?? shared).Reader;
    }

    private void Announce(ChangeTopics topics)
    {
        foreach (var topic in Each.Where(t => topics.HasFlag(t)))
        {
            var i = Index(topic);
            Interlocked.Increment(ref _versions[i]);
            Interlocked.Exchange(ref _next[i], NewSignal()).TrySetResult();
        }
    }

    private static int Index(ChangeTopics topic) => Array.IndexOf(Each, topic) is >= 0 and var i ? i : throw new ArgumentOutOfRangeException(nameof(topic), topic, "One topic.");

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
