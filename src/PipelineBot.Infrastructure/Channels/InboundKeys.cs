using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Channels;

/// <summary>
/// What the channels already took in (a Slack event id, a click, a Teams activity id), so that a platform's retry or
/// redelivery is handled once. On PostgreSQL, where several instances share the work, the keys are stored, so a retry is
/// caught whichever instance it reaches; on SQLite, which serves one instance, they are kept in memory, which spares every
/// click a write in the one-writer database. A key is kept <see cref="Keep"/>, longer than any platform retries (Slack:
/// at once, after a minute, after five); older ones are pruned by whoever takes a key in.
/// </summary>
public sealed class InboundKeys(IDbContextFactory<PipelineBotDbContext> dbFactory, WriteGate writes, StorageSettings storage, TimeProvider time)
{
    public static readonly TimeSpan Keep = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, long> _inMemory = new(StringComparer.Ordinal);
    private long _prunedAt;

    /// <summary>True the first time <paramref name="key"/> is taken in within <see cref="Keep"/>, on any instance; false for a repeat.</summary>
    public async Task<bool> TryFirstAsync(string key, CancellationToken cancellationToken)
    {
        var now = Instant.FromDateTimeOffset(time.GetUtcNow()).ToUnixTimeTicks();
        var expired = now - Keep.Ticks;
        if (storage.Provider == StorageProvider.Sqlite)
        {
            return TryFirstInMemory(key, now, expired);
        }

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
        if (_inMemory.TryRemove(key, out _) || storage.Provider == StorageProvider.Sqlite)
        {
            return;
        }

        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.InboundKeys.Where(k => k.Key == key).ExecuteDeleteAsync(cancellationToken);
    }

    private bool TryFirstInMemory(string key, long now, long expired)
    {
        if (now - Interlocked.Read(ref _prunedAt) > PruneEvery.Ticks)
        {
            Interlocked.Exchange(ref _prunedAt, now);
            foreach (var (old, _) in _inMemory.Where(k => k.Value < expired))
            {
                _inMemory.TryRemove(old, out _);
            }
        }

        // Added, or there but expired and swapped for now: the first either way. Otherwise a repeat.
        return _inMemory.TryAdd(key, now) || (_inMemory.TryGetValue(key, out var at) && at < expired && _inMemory.TryUpdate(key, now, at));
    }
}
