using NodaTime;
using PipelineBot.Testing;

namespace PipelineBot.Infrastructure.Tests.Incidents;

/// <summary>
/// The sweeper as the host runs it (a hosted loop on the fake clock), not swept by hand: it fires what is overdue as
/// soon as it starts, sleeps until the next clock is due, and is woken by a new clock without any polling period.
/// </summary>
public class SweeperTimerTests
{
    // Monday 2026-11-23 10:00 UTC, in business hours: the ack deadline is 15 minutes on, the reminder 10.
    private static readonly DateTimeOffset MondayMorning = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AClockOverdueAtStart_FiresOnTheFirstSweep_WithoutTheClockMoving()
    {
        using var store = await IncidentStore.OpenAsync(MondayMorning);
        var id = (await store.AlertAsync("profit", "run-1")).IncidentId!.Value;

        // The bot was down through the deadline: nothing swept while the clock moved on.
        store.Time.Advance(TimeSpan.FromMinutes(20));
        var after = await store.RestartAsync();
        await after.Sweeper.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.HoldsAsync(async () => (await after.ActionsAsync(id)).Contains("escalated"));
        }
        finally
        {
            await after.Sweeper.StopAsync(CancellationToken.None);
        }

        Assert.Equal(MondayMorning + TimeSpan.FromMinutes(20), after.Time.GetUtcNow());
        Assert.Single(await after.ActionsAsync(id), a => a == "escalated");
    }

    [Fact]
    public async Task ANewClock_WakesTheSleepingSweeper_WhichThenFiresItAtItsDueInstant_NotBefore()
    {
        using var store = await IncidentStore.OpenAsync(MondayMorning);
        await store.Sweeper.StartAsync(CancellationToken.None);
        try
        {
            // The sweeper has nothing to do and sleeps; the alert's clocks are announced to it at commit.
            var id = (await store.AlertAsync("profit", "run-1")).IncidentId!.Value;
            var reminderAt = MondayMorning + TimeSpan.FromMinutes(10);

            // One tick short of the reminder nothing fires, however long the loop gets to run.
            store.Time.SetUtcNow(reminderAt - TimeSpan.FromTicks(1));
            await Task.Delay(200);
            Assert.Equal(["opened"], await store.ActionsAsync(id));

            // At the due instant the armed timer fires: no later poll is needed.
            store.Time.SetUtcNow(reminderAt);
            await Eventually.HoldsAsync(async () => (await store.ActionsAsync(id)).Contains("reminded"));
            var reminded = (await store.TimelineAsync(id)).Single(a => a.Action == "reminded");
            Assert.Equal(Instant.FromDateTimeOffset(reminderAt).ToUnixTimeTicks(), reminded.At);
        }
        finally
        {
            await store.Sweeper.StopAsync(CancellationToken.None);
        }
    }
}
