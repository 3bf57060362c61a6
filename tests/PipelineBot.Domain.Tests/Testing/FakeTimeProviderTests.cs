using PipelineBot.Testing;

namespace PipelineBot.Domain.Tests.Testing;

/// <summary>The fake clock the other tests lean on behaves as a clock with timers should.</summary>
public class FakeTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OneShotTimer_FiresOnceWhenTheClockReachesItsDueTime_SeeingThatTime()
    {
        var time = new FakeTimeProvider(Start);
        var fired = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => fired.Add(time.GetUtcNow()), null, TimeSpan.FromMinutes(15), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromMinutes(14));
        Assert.Empty(fired);
        time.Advance(TimeSpan.FromHours(2));

        Assert.Equal([Start.AddMinutes(15)], fired);
        Assert.Equal(Start.AddMinutes(134), time.GetUtcNow());
        Assert.Equal(0, time.ArmedTimers);
    }

    [Fact]
    public void PeriodicTimer_JumpedOver_FiresOnceAtItsLastOccurrence_ThenKeepsItsPeriod()
    {
        var time = new FakeTimeProvider(Start);
        var fired = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => fired.Add(time.GetUtcNow()), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal([Start.AddDays(7), Start.AddDays(7).AddMinutes(1)], fired);
    }

    [Fact]
    public void Timers_FireInDueOrder_AndAPeriodicOneStopsAtTheNextOtherTimer()
    {
        var time = new FakeTimeProvider(Start);
        var fired = new List<string>();
        using var chore = time.CreateTimer(_ => fired.Add($"chore {time.GetUtcNow():HH:mm}"), null, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));
        using var deadline = time.CreateTimer(_ => fired.Add($"deadline {time.GetUtcNow():HH:mm}"), null, TimeSpan.FromMinutes(45), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(["chore 12:40", "deadline 12:45", "chore 13:00"], fired);
    }

    [Fact]
    public void TwoPeriodicTimers_JumpedOver_EachFireOnce_AndTheClockNeverGoesBack()
    {
        var time = new FakeTimeProvider(Start);
        var fired = new List<(string Chore, DateTimeOffset At)>();
        using var fast = time.CreateTimer(_ => fired.Add(("fast", time.GetUtcNow())), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        using var slow = time.CreateTimer(_ => fired.Add(("slow", time.GetUtcNow())), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        time.Advance(TimeSpan.FromDays(30) + TimeSpan.FromSeconds(30));

        Assert.Equal(["fast", "slow"], fired.Select(f => f.Chore));
        Assert.True(fired[1].At >= fired[0].At);
        Assert.Equal(Start.AddDays(30).AddSeconds(30), time.GetUtcNow());
    }

    [Fact]
    public void DisposedTimer_NeverFires()
    {
        var time = new FakeTimeProvider(Start);
        var fired = 0;
        var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        timer.Dispose();
        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, fired);
        Assert.Equal(0, time.ArmedTimers);
    }

    [Fact]
    public void ElapsedTime_FollowsTheFakeClock()
    {
        var time = new FakeTimeProvider(Start);
        var mark = time.GetTimestamp();

        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(5), time.GetElapsedTime(mark));
    }
}
