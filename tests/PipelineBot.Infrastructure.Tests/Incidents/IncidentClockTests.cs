using NodaTime;
using PipelineBot.Domain.Incidents;
using PipelineBot.Infrastructure.Audit;

namespace PipelineBot.Infrastructure.Tests.Incidents;

/// <summary>The SLA clocks on fake time, with the shipped SLA: ack in 15 business minutes (Mon–Fri 09–17 UTC), reminder 5 minutes before, resolve in 3 hours.</summary>
public class IncidentClockTests
{
    // Monday 2026-11-23 10:00 UTC: inside business hours.
    private static readonly DateTimeOffset MondayMorning = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Ack_BeforeTheDeadline_StopsTheClock_AndNothingEscalates()
    {
        using var store = await IncidentStore.OpenAsync(MondayMorning);
        var id = (await store.AlertAsync("profit", "run-1")).IncidentId!.Value;

        await store.AdvanceAsync(Duration.FromMinutes(14));
        var ack = await store.Incidents.AcknowledgeAsync(id, "miles", CancellationToken.None);
        await store.AdvanceAsync(Duration.FromMinutes(30));

        Assert.IsType<Acknowledged>(ack.Outcome);
        Assert.Equal(["opened", "reminded", "acknowledged"], await store.ActionsAsync(id));
        var row = await store.IncidentAsync(id);
        Assert.Null(row.AckBreachedAt);
        Assert.Equal("miles", row.AcknowledgedBy);
        var clocks = await store.Rotation.ReadAsync(db => db.IncidentClocks.Where(c => c.IncidentId == id && c.Kind == "ack-deadline"));
        Assert.Equal("moot", Assert.Single(clocks).Outcome);
    }

    [Fact]
    public async Task NoAck_EscalatesExactlyOnce_AtTheDeadline()
    {
        using var store = await IncidentStore.OpenAsync(MondayMorning);
        var id = (await store.AlertAsync("profit", "run-1")).IncidentId!.Value;

        await store.AdvanceAsync(Duration.FromMinutes(15) - Duration.FromSeconds(1));
        Assert.DoesNotContain("escalated", await store.ActionsAsync(id));

        await store.AdvanceAsync(Duration.FromSeconds(1));
        await store.AdvanceAsync(Duration.FromMinutes(1));
        await store.AdvanceAsync(Duration.FromMinutes(1));

        Assert.Single(await store.ActionsAsync(id), a => a == "escalated");
        var row = await store.IncidentAsync(id);
        Assert.Equal(Instant.FromDateTimeOffset(MondayMorning) + Duration.FromMinutes(15), Instant.FromUnixTimeTicks(row.AckBreachedAt!.Value));

        // Profit: secondary owner Jasmine, the manager paged in the team channel; the Profit team's lead told 1:1.
        var notices = await store.NoticesAsync();
        var page = Assert.Single(notices, n => n.Kind == NoticeKinds.IncidentEscalated && n.Audience == Journal.Team);
        Assert.Contains("jasmine", NoticeContent.From(page).Mentions);
        Assert.Contains("de-manager", NoticeContent.From(page).Mentions);
        Assert.Contains(notices, n => n.Audience == "profit-lead" && n.Kind == NoticeKinds.IncidentBreachTold);
        Assert.Contains(notices, n => n.Audience == Journal.Cards && n.CardKey == $"incident:{id}");
    }

    [Fact]
    public async Task Reminder_GoesToTheOnCallPerson_FiveMinutesBeforeTheDeadline()
    {
        using var store = await IncidentStore.OpenAsync(MondayMorning);
        var id = (await store.AlertAsync("profit", "run-1")).IncidentId!.Value;
        var onCall = (await store.Rotation.Schedule.OnCallAtAsync(store.Now, CancellationToken.None)).MemberId;

        await store.AdvanceAsync(Duration.FromMinutes(10) - Duration.FromSeconds(1));
        Assert.DoesNotContain("reminded", await store.ActionsAsync(id));
        await store.AdvanceAsync(Duration.FromSeconds(1));

        Assert.Contains("reminded", await store.ActionsAsync(id));
        var reminder = Assert.Single(await store.NoticesAsync(), n => n.Kind == NoticeKinds.IncidentReminder);
        Assert.Equal([onCall], NoticeContent.From(reminder).Mentions);
    }

    [Fact]
    public async Task AlertOutsideBusinessHours_PagesAtOnce_ButStartsTheAckClockWhenBusinessHoursStart()
    {
        // Saturday 03:00 UTC: the ack clock starts Monday 09:00 and runs out at 09:15.
        using var store = await IncidentStore.OpenAsync(new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero));
        var id = (await store.AlertAsync("profit", "run-1")).IncidentId!.Value;

        var paged = Assert.Single(await store.NoticesAsync(), n => n.CardKey == $"incident:{id}" && n.Audience == Journal.Team);
        Assert.Equal(Instant.FromUtc(2026, 11, 23, 9, 0).ToUnixTimeTicks(), NoticeContent.From(paged).Data["ackClockStart"]!.GetValue<long>());
        var row = await store.IncidentAsync(id);
        Assert.Equal(Instant.FromUtc(2026, 11, 23, 9, 0), Instant.FromUnixTimeTicks(row.AckClockStart));
        Assert.Equal(Instant.FromUtc(2026, 11, 23, 9, 15), Instant.FromUnixTimeTicks(row.AckDueAt));

        await store.AdvanceToAsync(Instant.FromUtc(2026, 11, 23, 9, 14, 59));
        Assert.Null((await store.IncidentAsync(id)).AckBreachedAt);
        await store.AdvanceToAsync(Instant.FromUtc(2026, 11, 23, 9, 15));
        Assert.NotNull((await store.IncidentAsync(id)).AckBreachedAt);
    }

    [Fact]
    public async Task ResolveClock_RunsOutThreeHoursAfterDetection_EvenWhenAcknowledged()
    {
        using var store = await IncidentStore.OpenAsync(MondayMorning);
        var id = (await store.AlertAsync("profit", "run-1")).IncidentId!.Value;
        await store.Incidents.AcknowledgeAsync(id, "miles", CancellationToken.None);

        await store.AdvanceAsync(Duration.FromHours(3) - Duration.FromSeconds(1));
        Assert.DoesNotContain("escalated", await store.ActionsAsync(id));
        await store.AdvanceAsync(Duration.FromSeconds(1));

        var escalation = Assert.Single(await store.TimelineAsync(id), a => a.Action == "escalated");
        Assert.Contains("not resolved within 3 h", escalation.Detail, StringComparison.Ordinal);
        Assert.NotNull((await store.IncidentAsync(id)).ResolveBreachedAt);
    }

    [Fact]
    public async Task Resolve_StopsEveryClock()
    {
        using var store = await IncidentStore.OpenAsync(MondayMorning);
        var id = (await store.AlertAsync("profit", "run-1")).IncidentId!.Value;

        var resolved = await store.Incidents.ResolveAsync(id, "jasmine", "reloaded the file with its header", CancellationToken.None);
        await store.AdvanceAsync(Duration.FromHours(4));

        Assert.IsType<Resolved>(resolved.Outcome);
        Assert.Equal(["opened", "resolved"], await store.ActionsAsync(id));
        Assert.All(await store.Rotation.ReadAsync(db => db.IncidentClocks.Where(c => c.IncidentId == id)), c => Assert.Equal("moot", c.Outcome));
    }

    [Fact]
    public async Task AClockThatCameDueWhileTheBotWasDown_FiresOnTheFirstSweepAfterTheStart_AndNeverAgain()
    {
        using var before = await IncidentStore.OpenAsync(MondayMorning);
        var id = (await before.AlertAsync("profit", "run-1")).IncidentId!.Value;

        // Down from 10:00 to 11:00: the reminder (10:10) and the ack deadline (10:15) came due meanwhile.
        before.Time.Advance(TimeSpan.FromHours(1));
        using var after = await before.RestartAsync();
        await after.Sweeper.SweepAsync(CancellationToken.None);
        using var again = await after.RestartAsync();
        await again.AdvanceAsync(Duration.FromMinutes(5));

        var actions = await again.ActionsAsync(id);
        Assert.Single(actions, a => a == "reminded");
        Assert.Single(actions, a => a == "escalated");
    }
}
