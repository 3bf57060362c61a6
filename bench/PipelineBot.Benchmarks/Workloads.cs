using NodaTime;
using PipelineBot.Domain.Holidays;

namespace PipelineBot.Benchmarks;

/// <summary>Holiday rules of every kind, none of which ever share a date.</summary>
internal static class Workloads
{
    private static readonly HolidayRule[] All =
    [
        new("New Year's Day", HolidayRuleKind.Fixed, Month: 1, Day: 1),
        new("Martin Luther King Jr. Day", HolidayRuleKind.NthWeekday, Month: 1, Weekday: IsoDayOfWeek.Monday, Nth: 3),
        new("Presidents' Day", HolidayRuleKind.NthWeekday, Month: 2, Weekday: IsoDayOfWeek.Monday, Nth: 3),
        new("Good Friday", HolidayRuleKind.Easter, Offset: -2),
        new("Memorial Day", HolidayRuleKind.LastWeekday, Month: 5, Weekday: IsoDayOfWeek.Monday),
        new("Juneteenth", HolidayRuleKind.Fixed, Month: 6, Day: 19, Observed: ObservedShift.NearestWeekday),
        new("Independence Day", HolidayRuleKind.Fixed, Month: 7, Day: 4, Observed: ObservedShift.NearestWeekday),
        new("Labor Day", HolidayRuleKind.NthWeekday, Month: 9, Weekday: IsoDayOfWeek.Monday, Nth: 1),
        new("Veterans Day", HolidayRuleKind.Fixed, Month: 11, Day: 11, Observed: ObservedShift.NextMonday),
        new("Thanksgiving", HolidayRuleKind.NthWeekday, Month: 11, Weekday: IsoDayOfWeek.Thursday, Nth: 4),
        new("Christmas Eve", HolidayRuleKind.Fixed, Month: 12, Day: 24),
        new("Christmas Day", HolidayRuleKind.Fixed, Month: 12, Day: 25),
    ];

    public static IReadOnlyList<HolidayRule> Holidays(int count) => All[..count];
}
