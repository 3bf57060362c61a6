using NodaTime;

using PipelineBot.Domain.Holidays;

namespace PipelineBot.Infrastructure.Configuration;

/// <summary>
/// Checks the holidays (<see cref="HolidaysOptions"/>) and builds their calendar and the planner's settings: each rule has
/// the fields its kind needs, no name or alias names two holidays, no two holidays share a date, and the history names
/// configured holidays.
/// </summary>
internal sealed class HolidaysReader(ConfigurationReader reader, HolidaysOptions holidays)
{
    private const string Section = HolidaysOptions.Section;

    // Wide enough to cover every year a plan will be published for, so that no two holidays ever share a shift.
    private const int CollisionFromYear = 2000;
    private const int CollisionToYear = 2100;

    /// <summary>The calendar of the rules that read without a problem (all of them when none was noted).</summary>
    public HolidayCalendar ReadCalendar()
    {
        var before = reader.Problems.Count;
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var rules = new List<HolidayRule>();
        foreach (var (rule, key) in reader.Items(holidays.Rules, $"{Section}:Rules"))
        {
            if (ReadRule(rule, key, names) is { } read)
            {
                rules.Add(read);
            }
        }

        var calendar = new HolidayCalendar(rules);
        if (reader.Problems.Count == before && calendar.FirstCollision(CollisionFromYear, CollisionToYear) is (var date, var first, var second))
        {
            reader.Problem($"{Section}:Rules", $"'{first}' and '{second}' both fall on {date:uuuu-MM-dd}; a date holds one holiday shift");
        }

        return calendar;
    }

    /// <summary>The planner's settings, whose history names holidays of <paramref name="calendar"/>.</summary>
    public HolidaySettings? ReadSettings(HolidayCalendar calendar)
    {
        var before = reader.Problems.Count;
        var ruleYears = reader.WholeNumber(holidays.RuleYears, $"{Section}:RuleYears", 1, 100, "a number of years from 1 to 100");
        var publishYearsAhead = reader.WholeNumber(holidays.PublishYearsAhead, $"{Section}:PublishYearsAhead", 0, 100, "a number of years from 0 to 100");
        var history = ReadHistory(calendar, $"{Section}:History");
        return reader.Problems.Count == before ? new HolidaySettings(ruleYears!.Value, publishYearsAhead!.Value, history) : null;
    }

    /// <summary>A rule, with only the fields its kind uses checked; <paramref name="names"/> maps every name and alias seen so far to its key.</summary>
    private HolidayRule? ReadRule(HolidayRuleOptions rule, string key, Dictionary<string, string> names)
    {
        var before = reader.Problems.Count;
        var name = reader.Required(rule.Name, $"{key}:Name");
        var terms = reader.Items(rule.Aliases, $"{key}:Aliases").Select(a => (Term: reader.Required(a.Item, a.Key), a.Key)).ToList();
        if (name is not null)
        {
            terms.Insert(0, (name, $"{key}:Name"));
        }

        foreach (var (term, termKey) in terms)
        {
            // Names and aliases share one space because "who's on call on Christmas" must find exactly one holiday.
            if (term is not null && !names.TryAdd(term, termKey))
            {
                reader.Problem(termKey, $"'{term}' already names a holiday ({names[term]})");
            }
        }

        var kind = reader.Named<HolidayRuleKind>(rule.Kind, $"{key}:Kind");
        var observed = rule.Observed is null ? ObservedShift.None : reader.Named<ObservedShift>(rule.Observed, $"{key}:Observed");
        var month = kind is HolidayRuleKind.Easter or null ? 0 : reader.WholeNumber(rule.Month, $"{key}:Month", 1, 12, "a month");
        var day = kind is HolidayRuleKind.Fixed && month is { } m ? FixedDay(rule.Day, $"{key}:Day", m) : 0;
        var weekday = kind is HolidayRuleKind.NthWeekday or HolidayRuleKind.LastWeekday ? Weekday(rule.Weekday, $"{key}:Weekday") : IsoDayOfWeek.None;
        var nth = kind is HolidayRuleKind.NthWeekday
            ? reader.WholeNumber(rule.Nth, $"{key}:Nth", 1, 4, "a week of the month every month has (1 to 4; a LastWeekday rule gives the last)")
            : 0;

        // An Easter offset stays inside the year (Easter falls from Mar 22 to Apr 25), so the holiday's year is its date's.
        var offset = kind is HolidayRuleKind.Easter
            ? (rule.Offset is null ? 0 : reader.WholeNumber(rule.Offset, $"{key}:Offset", -80, 250, "an offset from Easter that stays in the same year (-80 to 250)"))
            : 0;
        var businessDay = reader.Flag(rule.BusinessDay, $"{key}:BusinessDay", otherwise: true);

        if (reader.Problems.Count > before)
        {
            return null;
        }

        return new HolidayRule(name!, kind!.Value, month!.Value, day!.Value, weekday!.Value, nth!.Value, offset!.Value, observed!.Value)
        {
            Aliases = [.. terms.Skip(1).Select(t => t.Term!)],
            BusinessDay = businessDay!.Value,
        };
    }

    private int? FixedDay(string? value, string key, int month)
    {
        // February's length is taken from a non-leap year: a holiday on Feb 29 would be missing three years in four.
        var days = CalendarSystem.Iso.GetDaysInMonth(2001, month);
        return reader.WholeNumber(value, key, 1, days, $"a day of month {month} in every year (1 to {days})");
    }

    private IsoDayOfWeek? Weekday(string? value, string key)
    {
        var text = reader.Required(value, key);
        if (text is null)
        {
            return null;
        }

        if (!ConfigurationReader.DayNames.TryGetValue(text, out var day))
        {
            reader.Problem(key, $"'{text}' is not a day of the week");
            return null;
        }

        return day;
    }

    private List<HolidayAssignment> ReadHistory(HolidayCalendar calendar, string listKey)
    {
        var holidayNames = calendar.Rules.Select(r => r.Name).ToList();
        var seen = new Dictionary<(string, int), string>();
        var history = new List<HolidayAssignment>();
        foreach (var (entry, key) in reader.Items(holidays.History, listKey))
        {
            var name = reader.Required(entry.Holiday, $"{key}:Holiday");
            var rule = name is null ? null : calendar.Find(name);
            if (name is not null && rule is null)
            {
                reader.Problem($"{key}:Holiday", $"unknown holiday '{name}'{ConfigurationReader.DidYouMean(name, holidayNames)}");
            }

            var year = reader.WholeNumber(entry.Year, $"{key}:Year", 1900, 2999, "a year from 1900 to 2999");

            // Not checked against the catalog: the history reaches back to people who have since left.
            var member = reader.Required(entry.Member, $"{key}:Member");
            if (rule is null || year is null || member is null)
            {
                continue;
            }

            if (!seen.TryAdd((rule.Name, year.Value), key))
            {
                reader.Problem(key, $"{rule.Name} {year} is already assigned ({seen[(rule.Name, year.Value)]})");
                continue;
            }

            history.Add(new HolidayAssignment(rule.Name, year.Value, rule.DateIn(year.Value), member));
        }

        return history;
    }
}
