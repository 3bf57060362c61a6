using Microsoft.Extensions.Logging.Abstractions;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Tests.Persistence;

/// <summary>Two instances on one PostgreSQL database, each with its change feed: a commit on one wakes the other.</summary>
public class PostgresChangeFeedTests
{
    [Fact]
    public async Task AChangeCommittedOnOneInstance_IsAnnouncedOnTheOther_AndNotTwiceOnItsOwn()
    {
        using var database = await TestDatabase.CreateAsync(StorageProvider.Postgres);
        await database.Factory().MigrateAsync();
        var (here, there) = (new StoreChanges(), new StoreChanges());
        using var hereFeed = new PostgresChangeFeed(here, database.Storage, NullLogger<PostgresChangeFeed>.Instance);
        using var thereFeed = new PostgresChangeFeed(there, database.Storage, NullLogger<PostgresChangeFeed>.Instance);
        await hereFeed.StartAsync(CancellationToken.None);
        await thereFeed.StartAsync(CancellationToken.None);
        try
        {
            // The other instance may not be listening yet: commit until it hears one (a hang guard, not a timing assertion).
            var heard = there.Next(ChangeTopics.Schedule);
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!heard.IsCompleted)
            {
                await using var db = await database.Factory(here).CreateDbContextAsync(guard.Token);
                db.Overrides.Add(new OverrideRow { Start = 1, End = 2, MemberId = "miles", Reason = "", SetBy = "anne", SetAt = 1 });
                await db.SaveChangesAsync(guard.Token);
                await Task.WhenAny(heard, Task.Delay(200, guard.Token));
            }

            var committed = here.Version(ChangeTopics.Schedule);
            Assert.Equal(0, there.Version(ChangeTopics.Notices));
            await Task.Delay(300);
            Assert.Equal(committed, here.Version(ChangeTopics.Schedule));
        }
        finally
        {
            await hereFeed.StopAsync(CancellationToken.None);
            await thereFeed.StopAsync(CancellationToken.None);
        }
    }
}
