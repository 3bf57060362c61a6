using NodaTime;
using PipelineBot.Domain.Rotation;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Infrastructure.Tests.Rotation;

public class OverrideServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);
    private static readonly Interval Weekend = new(Instant.FromUtc(2026, 11, 28, 6, 0), Instant.FromUtc(2026, 11, 30, 6, 0));

    private static readonly (string, string)[] Chicago =
    [
        ("PipelineBot:Rotation:TimeZone", "America/Chicago"),
        ("PipelineBot:Rotation:Start", "2026-01-05"),
    ];

    [Fact]
    public async Task Override_SetByAManager_DecidesWhoIsOnCall_AndIsAudited()
    {
        using var store = await RotationStore.OpenAsync(Now, Chicago);

        var result = await store.Overrides.SetAsync("de-manager", "hudson", Weekend, "covering for a wedding", CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        var during = await store.Schedule.OnCallAtAsync(Instant.FromUtc(2026, 11, 29, 12, 0), CancellationToken.None);
        Assert.Equal("hudson", during.MemberId);
        Assert.Equal(ShiftKind.Override, during.Shift.Kind);
        var after = await store.Schedule.OnCallAtAsync(Weekend.End, CancellationToken.None);
        Assert.Equal(ShiftKind.Rotation, after.Shift.Kind);
        var audit = Assert.Single(await store.ReadAsync(db => db.AuditEntries.Where(a => a.Action == "override-set")));
        Assert.Equal("de-manager", audit.Actor);
        Assert.Contains("2026-11-28 00:00 America/Chicago", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Override_SetBySomeoneWhoIsNotAManager_IsRefused_AndChangesNothing()
    {
        using var store = await RotationStore.OpenAsync(Now, Chicago);

        var result = await store.Overrides.SetAsync("miles", "miles", Weekend, "I'd rather", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("Only a manager", result.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ReadAsync(db => db.Overrides));
        Assert.Empty(await store.ReadAsync(db => db.AuditEntries.Where(a => a.Action.StartsWith("override"))));
    }

    [Fact]
    public async Task Override_Cancelled_GivesTheShiftBack()
    {
        using var store = await RotationStore.OpenAsync(Now, Chicago);
        var set = await store.Overrides.SetAsync("de-manager", "hudson", Weekend, "", CancellationToken.None);

        var cancelled = await store.Overrides.CancelAsync("de-manager", set.Override!.Id, CancellationToken.None);

        Assert.True(cancelled.Succeeded);
        var during = await store.Schedule.OnCallAtAsync(Instant.FromUtc(2026, 11, 29, 12, 0), CancellationToken.None);
        Assert.NotEqual(ShiftKind.Override, during.Shift.Kind);
        Assert.Single(await store.ReadAsync(db => db.AuditEntries.Where(a => a.Action == "override-cancelled")));
    }

    [Fact]
    public async Task Override_ThatIsAlreadyOver_IsRefused()
    {
        using var store = await RotationStore.OpenAsync(Now, Chicago);

        var result = await store.Overrides.SetAsync("de-manager", "hudson", new Interval(Instant.FromUtc(2026, 11, 1, 0, 0), Instant.FromUtc(2026, 11, 2, 0, 0)), "", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Empty(await store.ReadAsync(db => db.Overrides));
    }

    [Fact]
    public async Task Override_SetByAnotherInstance_IsSeenHere_OnceTheCachedScheduleIsOlderThanItsMaxAge()
    {
        using var here = await RotationStore.OpenAsync(Now, Chicago);
        using var there = await here.ReopenAsync(Chicago);
        var during = Instant.FromUtc(2026, 11, 29, 12, 0);
        var before = await here.Schedule.OnCallAtAsync(during, CancellationToken.None);

        await there.Overrides.SetAsync("de-manager", "hudson", Weekend, "", CancellationToken.None);
        var cached = await here.Schedule.OnCallAtAsync(during, CancellationToken.None);
        here.Time.Advance(ScheduleService.MaxAge);
        var reloaded = await here.Schedule.OnCallAtAsync(during, CancellationToken.None);

        Assert.Equal(ShiftKind.Rotation, before.Shift.Kind);
        Assert.Equal(before, cached);
        Assert.Equal(ShiftKind.Override, reloaded.Shift.Kind);
        Assert.Equal("hudson", reloaded.MemberId);
    }
}
