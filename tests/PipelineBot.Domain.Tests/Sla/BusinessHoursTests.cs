using NodaTime;

using PipelineBot.Domain.Sla;

using static PipelineBot.Domain.Tests.Sla.SlaTime;

namespace PipelineBot.Domain.Tests.Sla;

public sealed class BusinessHoursTests
{
    private static readonly Duration Ack = Duration.FromMinutes(15);

    private static readonly BusinessHours NineToFive = Hours("UTC", "09:00", "17:00");

    [Fact]
    public void Alert_FiveMinutesBeforeClosing_IsDueTenMinutesAfterNextOpening()
    {
        // Tuesday 16:55: five minutes run today, the other ten from Wednesday 09:00.
        Assert.Equal(At("UTC", "2026-03-04 09:10"), NineToFive.Add(At("UTC", "2026-03-03 16:55"), Ack));
    }

    [Fact]
    public void Alert_OnFridayEvening_IsDueOnMondayMorning()
    {
        Assert.Equal(At("UTC", "2026-03-09 09:10"), NineToFive.Add(At("UTC", "2026-03-06 16:55"), Ack));
        Assert.Equal(At("UTC", "2026-03-09 09:15"), NineToFive.Add(At("UTC", "2026-03-06 19:30"), Ack));
    }

    [Fact]
    public void Alert_AtThreeInTheMorning_StartsItsClockAtNine()
    {
        var alert = At("UTC", "2026-03-04 03:00");

        Assert.False(NineToFive.IsOpen(alert));
        Assert.Equal(At("UTC", "2026-03-04 09:00"), NineToFive.ClockStart(alert));
        Assert.Equal(At("UTC", "2026-03-04 09:15"), NineToFive.Add(alert, Ack));
    }

    [Fact]
    public void Alert_OnTheWeekend_StartsItsClockOnMonday()
    {
        Assert.Equal(At("UTC", "2026-03-09 09:00"), NineToFive.ClockStart(At("UTC", "2026-03-07 12:00")));
        Assert.Equal(At("UTC", "2026-03-09 09:00"), NineToFive.ClockStart(At("UTC", "2026-03-08 23:59")));
        Assert.Equal(Duration.Zero, NineToFive.OpenTimeBetween(At("UTC", "2026-03-06 17:00"), At("UTC", "2026-03-09 09:00")));
    }

    [Fact]
    public void Alert_DuringOpenHours_StartsAtOnce_AndZeroTimeIsTheClockStart()
    {
        var alert = At("UTC", "2026-03-04 11:20");

        Assert.True(NineToFive.IsOpen(alert));
        Assert.Equal(alert, NineToFive.ClockStart(alert));
        Assert.Equal(alert, NineToFive.Add(alert, Duration.Zero));
        Assert.Equal(At("UTC", "2026-03-04 11:35"), NineToFive.Add(alert, Ack));
    }

    [Fact]
    public void Hours_AreHalfOpen_OpenAtTheOpeningAndClosedAtTheClosing()
    {
        Assert.True(NineToFive.IsOpen(At("UTC", "2026-03-04 09:00")));
        Assert.True(NineToFive.IsOpen(At("UTC", "2026-03-04 17:00") - Duration.Epsilon));
        Assert.False(NineToFive.IsOpen(At("UTC", "2026-03-04 17:00")));
        Assert.False(NineToFive.IsOpen(At("UTC", "2026-03-04 09:00") - Duration.Epsilon));
    }

    [Fact]
    public void Ack_ThatUsesUpTheDay_IsDueAtClosing_NotAtTheNextOpening()
    {
        Assert.Equal(At("UTC", "2026-03-04 17:00"), NineToFive.Add(At("UTC", "2026-03-04 16:45"), Ack));
    }

    [Fact]
    public void AlwaysOpen_IsPlainAddition_EvenAcrossDaylightSaving()
    {
        var hours = AlwaysOpen("Europe/Berlin");
        var start = At("Europe/Berlin", "2026-03-29 01:30");

        Assert.True(hours.AlwaysOpen);
        Assert.Equal(start + Duration.FromHours(3), hours.Add(start, Duration.FromHours(3)));
        Assert.Equal(Duration.FromHours(3), hours.OpenTimeBetween(start, start + Duration.FromHours(3)));
        Assert.Equal(start, hours.ClockStart(start));
    }

    [Fact]
    public void Hours_EndingAt2400_RunOnAcrossMidnightIntoTheNextOpenDay()
    {
        var hours = Hours("UTC", "00:00", "24:00");

        Assert.False(hours.AlwaysOpen);
        Assert.Equal(At("UTC", "2026-03-03 00:10"), hours.Add(At("UTC", "2026-03-02 23:55"), Ack));
        Assert.Equal(Duration.FromHours(2), hours.OpenTimeBetween(At("UTC", "2026-03-02 23:00"), At("UTC", "2026-03-03 01:00")));
        Assert.True(hours.IsOpen(At("UTC", "2026-03-03 00:00")));
        // Friday's 24:00 meets a closed Saturday: the clock waits for Monday 00:00.
        Assert.Equal(At("UTC", "2026-03-09 00:10"), hours.Add(At("UTC", "2026-03-06 23:55"), Ack));
    }

    [Fact]
    public void Evening_HoursEndingAt2400_CloseAtMidnight_WhenTheNextDayOpensLater()
    {
        var hours = Hours("UTC", "18:00", "24:00");

        Assert.Equal(At("UTC", "2026-03-03 18:10"), hours.Add(At("UTC", "2026-03-02 23:55"), Ack));
        Assert.False(hours.IsOpen(At("UTC", "2026-03-03 00:00")));
    }

    [Fact]
    public void SpringForward_InsideOpenHours_CountsRealTime_SoTheLostHourIsNotOpenTime()
    {
        // Berlin, Sunday 2026-03-29: 02:00 CET jumps to 03:00 CEST. Open 01:00–04:00 local is two real hours.
        var hours = Hours("Europe/Berlin", "01:00", "04:00", IsoDayOfWeek.Sunday);
        var alert = At("Europe/Berlin", "2026-03-29 01:50");

        Assert.Equal(At("Europe/Berlin", "2026-03-29 03:05"), hours.Add(alert, Ack));
        Assert.Equal(Duration.FromHours(2), hours.OpenTimeBetween(At("Europe/Berlin", "2026-03-29 00:00"), At("Europe/Berlin", "2026-03-29 05:00")));
    }

    [Fact]
    public void FallBack_InsideOpenHours_CountsRealTime_SoTheRepeatedHourIsOpenTwice()
    {
        // Berlin, Sunday 2026-10-25: 03:00 CEST falls back to 02:00 CET. Open 01:00–04:00 local is four real hours.
        var hours = Hours("Europe/Berlin", "01:00", "04:00", IsoDayOfWeek.Sunday);

        Assert.Equal(AtOffset("2026-10-25 02:05 +01"), hours.Add(AtOffset("2026-10-25 02:50 +02"), Ack));
        Assert.Equal(Duration.FromHours(4), hours.OpenTimeBetween(At("Europe/Berlin", "2026-10-25 00:00"), At("Europe/Berlin", "2026-10-25 05:00")));
    }

    [Fact]
    public void Opening_AtASkippedLocalTime_OpensAtTheFirstInstantAfterTheGap()
    {
        // New York, Sunday 2026-03-08: 02:00 EST jumps to 03:00 EDT, so 02:30 never shows.
        var hours = Hours("America/New_York", "02:30", "06:00", IsoDayOfWeek.Sunday);
        var opening = At("America/New_York", "2026-03-08 03:00");

        Assert.Equal(opening, hours.ClockStart(At("America/New_York", "2026-03-08 01:00")));
        Assert.False(hours.IsOpen(opening - Duration.Epsilon));
        Assert.Equal(Duration.FromHours(3), hours.OpenTimeBetween(At("America/New_York", "2026-03-08 00:00"), At("America/New_York", "2026-03-08 07:00")));
    }

    [Fact]
    public void Hours_WhollyInsideTheGap_GiveThatDayNoOpenTime()
    {
        var hours = Hours("America/New_York", "02:10", "02:50", IsoDayOfWeek.Sunday);

        Assert.Equal(At("America/New_York", "2026-03-15 02:10"), hours.ClockStart(At("America/New_York", "2026-03-08 00:00")));
    }

    [Fact]
    public void Opening_AtARepeatedLocalTime_OpensAtItsEarlierShowing()
    {
        // New York, Sunday 2026-11-01: 02:00 EDT falls back to 01:00 EST, so 01:30 shows twice.
        var hours = Hours("America/New_York", "01:30", "06:00", IsoDayOfWeek.Sunday);

        Assert.Equal(AtOffset("2026-11-01 01:30 -04"), hours.ClockStart(At("America/New_York", "2026-11-01 00:00")));
        Assert.True(hours.IsOpen(AtOffset("2026-11-01 01:10 -05")));
    }

    [Fact]
    public void Closing_AtARepeatedLocalTime_ClosesAtItsEarlierShowing()
    {
        var hours = Hours("America/New_York", "00:00", "01:30", IsoDayOfWeek.Sunday);

        Assert.False(hours.IsOpen(AtOffset("2026-11-01 01:30 -04")));
        Assert.False(hours.IsOpen(AtOffset("2026-11-01 01:10 -05")));
        Assert.Equal(Duration.FromMinutes(90), hours.OpenTimeBetween(At("America/New_York", "2026-11-01 00:00"), At("America/New_York", "2026-11-01 04:00")));
    }

    [Fact]
    public void NineToFive_OverAWeekendThatChangesTheClocks_KeepsItsLocalHours()
    {
        var hours = Hours("America/New_York", "09:00", "17:00");

        Assert.Equal(At("America/New_York", "2026-03-09 09:10"), hours.Add(At("America/New_York", "2026-03-06 16:55"), Ack));
        Assert.Equal(At("America/New_York", "2026-11-02 09:10"), hours.Add(At("America/New_York", "2026-10-30 16:55"), Ack));
    }

    [Fact]
    public void Reminder_IsStrictlyBeforeTheAckDeadline()
    {
        var sla = Policy();
        foreach (var alert in new[] { "2026-03-03 16:55", "2026-03-03 16:50", "2026-03-03 03:00", "2026-03-06 23:00", "2026-03-04 11:20" })
        {
            var start = At("UTC", alert);
            var reminder = NineToFive.Add(start, sla.AckTimeout - sla.ReminderBefore);
            var deadline = NineToFive.Add(start, sla.AckTimeout);

            Assert.True(reminder < deadline, $"{alert}: reminder {reminder} is not before {deadline}");
            Assert.Equal(sla.ReminderBefore, NineToFive.OpenTimeBetween(reminder, deadline));
        }
    }

    [Fact]
    public void OpenTimeBetween_TellsHowMuchAckTimeIsLeft()
    {
        var start = At("UTC", "2026-03-03 16:55");
        var deadline = NineToFive.Add(start, Ack);

        Assert.Equal(Duration.FromMinutes(5), NineToFive.OpenTimeBetween(start, At("UTC", "2026-03-04 08:00")));
        Assert.Equal(Duration.FromMinutes(8), NineToFive.OpenTimeBetween(At("UTC", "2026-03-04 09:02"), deadline));
        Assert.Equal(Duration.Zero, NineToFive.OpenTimeBetween(deadline, start));
    }

    [Fact]
    public void Hours_WithNoDays_RefuseToStartAClock()
    {
        var hours = new BusinessHours(Zone("UTC"), new HashSet<IsoDayOfWeek>(), Time("09:00"), Time("17:00"));

        Assert.Throws<InvalidOperationException>(() => hours.ClockStart(At("UTC", "2026-03-03 10:00")));
        Assert.Throws<ArgumentOutOfRangeException>(() => NineToFive.Add(At("UTC", "2026-03-03 10:00"), -Ack));
    }
}
