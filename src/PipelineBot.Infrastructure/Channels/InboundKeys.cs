using Microsoft.EntityFrameworkCore;
using NodaTime;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Channels;

/// <summary>
/// What the channels already took in (a Slack event id, a click, a Teams activity id), stored so that a platform's retry
/// or redelivery is handled once whichever instance it reaches. A key is kept <see cref="Keep"/>, longer than any
/// platform retries (Slack: at once, after a minute, after five); older ones are pruned by whoever writes.
/// </summary>
public sealed class InboundKeys(IDbContextFactory<PipelineBotDbContext> dbFactory, WriteGate writes, TimeProvider time)
{
    public static readonly TimeSpan Keep = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    private long _prunedAt;

    /// <summary>True the first time <paramref name="key"/> is taken in within <see cref="Keep"/>, on any instance; false for a repeat.</summary>
    public async Task<bool> TryFirstAsync(string key, CancellationToken cancellationToken)
    {
        var now = Instant.FromDateTimeOffset(time.GetUtcNow()).ToUnixTimeTicks();
        var expired = now - Keep.Ticks;
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (now - Interlocked.Read(ref _prunedAt) > PruneEvery.Ticks)
        {
            Interlocked.Exchange(ref _prunedAt, now);
            await db.InboundKeys.Where(k => k.At < expired).ExecuteDeleteAsync(cancellationToken);
        }

        // One statement either provider runs atomically: the key goes in, or it is there and fresh, and nothing changes.
        var taken = await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "InboundKeys" ("Key", "At") VALUES ({key}, {now}) ON CONFLICT ("Key") DO UPDATE SET "At" = excluded."At" WHERE "InboundKeys"."At" < {expired}""",
            cancellationToken);
        return taken == 1;
    }

    /// <summary>Forgets a key whose work could not be taken in after all, so the platform's retry of it is handled.</summary>
    public async Task ForgetAsync(string key, CancellationToken cancellationToken)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.InboundKeys.Where(k => k.Key == key).ExecuteDeleteAsync(cancellationToken);
    }
}
