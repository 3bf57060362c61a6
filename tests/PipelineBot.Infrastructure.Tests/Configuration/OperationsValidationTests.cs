using NodaTime;

using PipelineBot.Domain.Sla;

using PipelineBot.Infrastructure.Configuration;

using static PipelineBot.Infrastructure.Tests.Configuration.SampleConfiguration;

namespace PipelineBot.Infrastructure.Tests.Configuration;

// Holidays, SLA, business hours, trades and storage. Shipped rules: 0 New Year's Day ... 3 Independence Day ... 6 Christmas Day.
public sealed class OperationsValidationTests
{
    [Fact]
    public void HolidayMonth_OutOfRange_IsReported() =>
        AssertProblem("PipelineBot:Holidays:Rules:0:Month: 13 is not a month", With(("PipelineBot:Holidays:Rules:0:Month", "13")));

    [Fact]
    public void HolidayKind_Unknown_IsReported() =>
        AssertProblem(
            "PipelineBot:Holidays:Rules:1:Kind: 'Lunar' is not one of Fixed, NthWeekday, LastWeekday, Easter",
            With(("PipelineBot:Holidays:Rules:1:Kind", "Lunar")));

    [Fact]
    public void FixedHoliday_OnFebruary29_IsReportedBecauseMostYearsLackIt() =>
        AssertProblem(
            "PipelineBot:Holidays:Rules:0:Day: 29 is not a day of month 2 in every year (1 to 28)",
            With(("PipelineBot:Holidays:Rules:0:Month", "2"), ("PipelineBot:Holidays:Rules:0:Day", "29")));

    [Fact]
    public void HolidaysThatCollide_AreReportedWithTheFirstSharedDate() =>
        AssertProblem(
            "PipelineBot:Holidays:Rules: 'Independence Day' and 'Founders Eve' both fall on 2009-07-03; a date holds one holiday shift",
            With(
                ("PipelineBot:Holidays:Rules:7:Name", "Founders Eve"),
                ("PipelineBot:Holidays:Rules:7:Kind", "Fixed"),
                ("PipelineBot:Holidays:Rules:7:Month", "7"),
                ("PipelineBot:Holidays:Rules:7:Day", "3")));

    [Fact]
    public void HolidayAlias_NamingTwoHolidays_IsReported() =>
        AssertProblem(
            "PipelineBot:Holidays:Rules:6:Aliases:0: 'christmas' already names a holiday (PipelineBot:Holidays:Rules:0:Aliases:0)",
            With(("PipelineBot:Holidays:Rules:0:Aliases:0", "christmas")));

    [Fact]
    public void History_OfAFormerMember_IsImportedWithTheHolidaysDate()
    {
        var settings = Load<HolidaySettings>(With(
            ("PipelineBot:Holidays:History:0:Holiday", "christmas day"),
            ("PipelineBot:Holidays:History:0:Year", "2024"),
            ("PipelineBot:Holidays:History:0:Member", "someone-who-left")));

        var assignment = Assert.Single(settings.History);
        Assert.Equal(("Christmas Day", 2024, new LocalDate(2024, 12, 25), "someone-who-left"), (assignment.Holiday, assignment.Year, assignment.Date, assignment.MemberId));
    }

    [Fact]
    public void History_OfAnUnknownHoliday_IsReported() =>
        AssertProblem(
            "PipelineBot:Holidays:History:0:Holiday: unknown holiday 'Labour Day' (did you mean 'Labor Day'?)",
            With(
                ("PipelineBot:Holidays:History:0:Holiday", "Labour Day"),
                ("PipelineBot:Holidays:History:0:Year", "2024"),
                ("PipelineBot:Holidays:History:0:Member", "miles")));

    [Theory]
    [InlineData("AckTimeout", "00:00:00", "00:00:00 is not positive")]
    [InlineData("ResolveTimeout", "-03:00:00", "-03:00:00 is not positive")]
    [InlineData("StakeholderDelay", "60", "'60' is not a duration (d.hh:mm:ss, e.g. 00:15:00)")]
    public void SlaTimeouts_MustBePositiveDurations(string setting, string value, string problem) =>
        AssertProblem($"PipelineBot:Sla:{setting}: {problem}", With(($"PipelineBot:Sla:{setting}", value)));

    [Fact]
    public void Reminder_NotShorterThanTheAckTimeout_IsReported() =>
        AssertProblem(
            "PipelineBot:Sla:ReminderBefore: 00:15:00 is not shorter than AckTimeout (00:15:00): the reminder must go out before the deadline",
            With(("PipelineBot:Sla:ReminderBefore", "00:15:00")));

    [Fact]
    public void DroppedPercent_AboveAHundred_IsReported() =>
        AssertProblem(
            "PipelineBot:Sla:MaxDroppedPercent: 101 is not a percentage (0 to 100)",
            With(("PipelineBot:Sla:MaxDroppedPercent", "101")));

    [Fact]
    public void MissingSlaSection_IsReported() =>
        AssertProblem("PipelineBot:Sla: the section is missing", Without("PipelineBot:Sla"));

    [Fact]
    public void BusinessHours_StartNotBeforeEnd_IsReported() =>
        AssertProblem(
            "PipelineBot:BusinessHours:Start: 17:00 is not before End (09:00); write 24:00 for the end of the day",
            With(("PipelineBot:BusinessHours:Start", "17:00"), ("PipelineBot:BusinessHours:End", "09:00")));

    [Theory]
    [InlineData("Mon-Fry")]
    [InlineData("Weekdays")]
    [InlineData("Mon-Wed-Fri")]
    [InlineData("Mon,,Fri")]
    public void BusinessDays_ThatDoNotParse_AreReported(string days) =>
        AssertProblem(
            $"PipelineBot:BusinessHours:Days: '{days}' is not a list of days (e.g. Mon-Fri, Mon,Wed,Fri, Sat-Sun)",
            With(("PipelineBot:BusinessHours:Days", days)));

    [Theory]
    [InlineData("Mon-Fri", new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday })]
    [InlineData("Mon,Wed,Fri", new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Friday })]
    [InlineData("Sat-Sun", new[] { IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday })]
    [InlineData("Fri-Mon", new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday })]
    [InlineData("monday, Thursday", new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Thursday })]
    public void BusinessDays_ParseDaysAndRanges(string days, IsoDayOfWeek[] expected) =>
        Assert.Equal(expected, Load<BusinessHours>(With(("PipelineBot:BusinessHours:Days", days))).Days.Order());

    [Fact]
    public void BusinessHours_OfEveryDayFromMidnightTo2400_AreAlwaysOpen_UnlessAHolidayIsClosed()
    {
        string[] closed = ["0", "5", "6"]; // New Year's Day, Thanksgiving and Christmas Day in appsettings.json
        var hours = Load<BusinessHours>(With(
            [("PipelineBot:BusinessHours:Days", "Mon-Sun"), ("PipelineBot:BusinessHours:Start", "00:00"), ("PipelineBot:BusinessHours:End", "24:00"),
             .. closed.Select(i => ($"PipelineBot:Holidays:Rules:{i}:BusinessDay", "true"))]));
        var closing = Load<BusinessHours>(With(
            ("PipelineBot:BusinessHours:Days", "Mon-Sun"), ("PipelineBot:BusinessHours:Start", "00:00"), ("PipelineBot:BusinessHours:End", "24:00")));

        Assert.True(hours.EndsAtEndOfDay);
        Assert.True(hours.AlwaysOpen);
        Assert.False(closing.AlwaysOpen);
        Assert.Equal(["Christmas Day", "New Year's Day", "Thanksgiving"], closing.Closures.Select(h => h.Name).Order(StringComparer.Ordinal));
        Assert.False(closing.IsBusinessDay(new NodaTime.LocalDate(2026, 12, 25)));
    }

    [Fact]
    public void StorageProvider_Unknown_IsReported() =>
        AssertProblem(
            "PipelineBot:Storage:Provider: 'MongoDb' is not one of Sqlite, Postgres",
            With(("PipelineBot:Storage:Provider", "MongoDb")));

    [Fact]
    public void StorageProvider_Postgres_IsAccepted() =>
        Assert.Equal(
            StorageProvider.Postgres,
            Load<StorageSettings>(With(("PipelineBot:Storage:Provider", "postgres"), ("PipelineBot:Storage:ConnectionString", "Host=db"))).Provider);

    [Fact]
    public void TradeOfferLifetime_OfZero_IsReported() =>
        AssertProblem("PipelineBot:Trades:OfferLifetime: 0.00:00:00 is not positive", With(("PipelineBot:Trades:OfferLifetime", "0.00:00:00")));
}
