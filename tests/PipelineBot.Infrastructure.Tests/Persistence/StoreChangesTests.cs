using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Tests.Persistence;

public class StoreChangesTests
{
    private static OverrideRow AnOverride() => new() { Start = 1, End = 2, MemberId = "miles", Reason = "", SetBy = "anne", SetAt = 1 };

    [Fact]
    public async Task ASaveOutsideATransaction_IsAnnounced_UnderTheTopicsOfItsRows()
    {
        using var file = new SqliteFile();
        var changes = new StoreChanges();
        var factory = file.Factory(changes);
        await factory.MigrateAsync();
        var schedule = changes.Next(ChangeTopics.Schedule);
        var notices = changes.Next(ChangeTopics.Notices);

        await using var db = await factory.CreateDbContextAsync();
        db.Overrides.Add(AnOverride());
        await db.SaveChangesAsync();

        Assert.True(schedule.IsCompleted);
        Assert.False(notices.IsCompleted);
        Assert.Equal(1, changes.Version(ChangeTopics.Schedule));
    }

    [Fact]
    public async Task ASaveInsideATransaction_IsAnnouncedAtCommit_AndNotAtAll_WhenRolledBack()
    {
        using var file = new SqliteFile();
        var changes = new StoreChanges();
        var factory = file.Factory(changes);
        await factory.MigrateAsync();

        await using (var db = await factory.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Overrides.Add(AnOverride());
            await db.SaveChangesAsync();
            Assert.Equal(0, changes.Version(ChangeTopics.Schedule));
            await transaction.RollbackAsync();
        }

        Assert.Equal(0, changes.Version(ChangeTopics.Schedule));

        await using (var db = await factory.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Overrides.Add(AnOverride());
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        Assert.Equal(1, changes.Version(ChangeTopics.Schedule));
    }

    [Fact]
    public async Task WhatThisInstanceCommits_IsShared_AndWhatArrivesFromElsewhere_IsAnnouncedButNotSharedBack()
    {
        var changes = new StoreChanges();
        var shared = changes.Share();
        var clocks = changes.Next(ChangeTopics.Clocks | ChangeTopics.Notices);

        changes.CommittedElsewhere(ChangeTopics.Clocks);
        changes.Committed(ChangeTopics.Notices);

        // Either topic wakes the waiter; the signals complete asynchronously, off the committing thread.
        await clocks.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(shared.TryRead(out var sent));
        Assert.Equal(ChangeTopics.Notices, sent);
        Assert.False(shared.TryRead(out _));
    }
}
