using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace PipelineBot.Infrastructure.Persistence;

/// <summary>
/// One instance's hold on a job that must run on one instance at a time, such as delivering notices, whose pacing per
/// conversation only holds if one process sends. Taken when free or expired, renewed by its holder well before
/// <see cref="Term"/> runs out; an instance that dies loses it within a term and another takes over.
/// </summary>
public sealed class Lease(string name, IDbContextFactory<PipelineBotDbContext> dbFactory, WriteGate writes, TimeProvider time)
{
    /// <summary>The lease of notice delivery.</summary>
    public const string Notices = "notices";

    /// <summary>How long a taking or a renewal holds.</summary>
    public static readonly TimeSpan Term = TimeSpan.FromSeconds(6);

    /// <summary>How often the holder renews and the others look whether it is free: a third of the term.</summary>
    public static readonly TimeSpan Renewal = Term / 3;

    private long _heldUntil;
    private TaskCompletionSource _taken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>This instance, unique across restarts.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Whether this instance holds the lease now, as far as its last renewal knows.</summary>
    public bool Held => Volatile.Read(ref _heldUntil) > Now();

    /// <summary>Completes when this instance next takes the lease it did not hold.</summary>
    public Task Taken => Volatile.Read(ref _taken).Task;

    /// <summary>Takes the lease if it is free or expired, or renews it if this instance holds it; returns whether it does.</summary>
    public async Task<bool> HoldAsync(CancellationToken cancellationToken)
    {
        var now = Now();
        var until = now + Term.Ticks;
        int taken;
        using (await writes.EnterAsync(cancellationToken))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            taken = await db.Leases.Where(l => l.Name == name && (l.Holder == Holder || l.Until < now))
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, Holder).SetProperty(l => l.Until, until), cancellationToken);
        }

        var wasHeld = Held;
        Volatile.Write(ref _heldUntil, taken == 1 ? until : 0);
        if (taken == 1 && !wasHeld)
        {
            Interlocked.Exchange(ref _taken, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }

        return taken == 1;
    }

    // Stored instants are NodaTime Unix ticks, as everywhere in storage.
    private long Now() => Instant.FromDateTimeOffset(time.GetUtcNow()).ToUnixTimeTicks();
}
