using NodaTime;

namespace PipelineBot.Domain.Holidays;

public enum HolidayRuleKind
{
    /// <summary>The same month and day every year (Christmas Day: 12-25).</summary>
    Fixed,

    /// <summary>The nth weekday of a month (Thanksgiving: the 4th Thursday of November).</summary>
    NthWeekday,

    /// <summary>The last weekday of a month (Memorial Day: the last Monday of May).</summary>
    LastWeekday,

    /// <summary>A number of days from Western Easter Sunday (Good Friday: -2).</summary>
    Easter,
}

/// <summary>How a holiday that falls on a weekend is moved to the day it is observed.</summary>
public enum ObservedShift
{
    None,

    /// <summary>Saturday moves to the Friday before, Sunday to the Monday after.</summary>
    NearestWeekday,

    /// <summary>Saturday and Sunday both move to the Monday after.</summary>
    NextMonday,
}

/// <summary>A configured rule that yields one holiday date per year. Its name is the holiday's identity for the 4-year rule.</summary>
public sealed record HolidayRule(
    string Name,
    HolidayRuleKind Kind,
    int Month = 0,
    int Day = 0,
    IsoDayOfWeek Weekday = IsoDayOfWeek.None,
    int Nth = 0,
    int Offset = 0,
    ObservedShift Observed = ObservedShift.None)
{
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Whether the team works on the holiday: when not, it has no data deadline and the business-hours clocks skip it.</summary>
    public bool BusinessDay { get; init; } = true;

    /// <summary>Whether the holiday is observed on <paramref name="date"/>; observance can move it into the year before.</summary>
    public bool FallsOn(LocalDate date) => DateIn(date.Year) == date || (date.Month == 12 && date.Year < 9999 && DateIn(date.Year + 1) == date);

    /// <summary>The date the holiday is observed in <paramref name="year"/> (the holiday's year, even if observance moves it to Dec 31 of the year before).</summary>
    public LocalDate DateIn(int year) => Observe(NominalDateIn(year));

    /// <summary>The holiday's own date in <paramref name="year"/>, before any move to a weekday (what its eve is the day before).</summary>
    public LocalDate NominalDateIn(int year) => Kind switch
    {
        HolidayRuleKind.Fixed => new LocalDate(year, Month, Day),
        HolidayRuleKind.NthWeekday => NthWeekdayOf(year, Month, Weekday, Nth),
        HolidayRuleKind.LastWeekday => LastWeekdayOf(year, Month, Weekday),
        HolidayRuleKind.Easter => EasterSunday(year).PlusDays(Offset),
        _ => throw new InvalidOperationException($"Unknown holiday rule kind {Kind}."),
    };

    private LocalDate Observe(LocalDate date) => (Observed, date.DayOfWeek) switch
    {
        (ObservedShift.NearestWeekday, IsoDayOfWeek.Saturday) => date.PlusDays(-1),
        (ObservedShift.NearestWeekday, IsoDayOfWeek.Sunday) => date.PlusDays(1),
        (ObservedShift.NextMonday, IsoDayOfWeek.Saturday) => date.PlusDays(2),
        (ObservedShift.NextMonday, IsoDayOfWeek.Sunday) => date.PlusDays(1),
        _ => date,
    };

    private static LocalDate NthWeekdayOf(int year, int month, IsoDayOfWeek weekday, int nth)
    {
        var first = new LocalDate(year, month, 1);
        var offset = ((int)weekday - (int)first.DayOfWeek + 7) % 7;
        return first.PlusDays(offset + (7 * (nth - 1)));
    }

    private static LocalDate LastWeekdayOf(int year, int month, IsoDayOfWeek weekday)
    {
        var last = new LocalDate(year, month, 1).PlusMonths(1).PlusDays(-1);
        var back = ((int)last.DayOfWeek - (int)weekday + 7) % 7;
        return last.PlusDays(-back);
    }

    /// <summary>Western (Gregorian) Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).</summary>
    public static LocalDate EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new LocalDate(year, month, day);
    }
}
