using System.Globalization;
using NodaTime;
using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Text;

namespace PipelineBot.Conversation.Grammar;

/// <summary>
/// Finds the date and time phrases of a message (PRODUCT §3 and the phrasings): "now", "rn", "today", "tonight",
/// "tomorrow", "the day after tomorrow", "yesterday", "this/next/last week, weekend, month", weekdays ("saturday",
/// "next tuesday", "last saturday": within 7 days, forwards unless the tense or "last" says back), "in 2 weeks",
/// "3 days ago", "Dec 26th", "26 December 2027", "25/12", "12/31" (whichever reading is a date; the locale decides a
/// tie, else both are kept and the speaker is asked), "2026-12-25", times ("at 3pm tomorrow", "15:00", "noon"),
/// holidays by name with "eve" and a year, and years. Everything counts from the speaker's today in their zone.
/// </summary>
internal sealed class DateReader(NameIndex<HolidayRule> holidays)
{
    /// <summary>How many years before and after today a date may be.</summary>
    public const int ReachYears = 50;

    /// <summary>In the evening, when the question "who is on call tonight" is about.</summary>
    public static readonly LocalTime Tonight = new(21, 0);

    private static readonly Dictionary<string, int> Months = MonthNames();
    private static readonly Dictionary<string, IsoDayOfWeek> Weekdays = WeekdayNames();

    private static readonly Dictionary<string, int> Numbers = new(StringComparer.Ordinal)
    {
        ["a"] = 1,
        ["an"] = 1,
        ["one"] = 1,
        ["two"] = 2,
        ["couple"] = 2,
        ["three"] = 3,
        ["few"] = 3,
        ["four"] = 4,
        ["five"] = 5,
        ["six"] = 6,
        ["seven"] = 7,
        ["eight"] = 8,
        ["nine"] = 9,
        ["ten"] = 10,
        ["eleven"] = 11,
        ["twelve"] = 12,
    };

    private static readonly Dictionary<string, LocalTime> PartsOfDay = new(StringComparer.Ordinal)
    {
        ["morning"] = new(9, 0),
        ["afternoon"] = new(15, 0),
        ["evening"] = new(19, 0),
        ["tonight"] = Tonight,
        ["night"] = Tonight,
        ["noon"] = LocalTime.Noon,
        ["midday"] = LocalTime.Noon,
        ["midnight"] = LocalTime.Midnight,
    };

    private static readonly HashSet<string> MonthFirstRegions = new(StringComparer.Ordinal)
    {
        "US", "PH", "CA", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "UM", "VI", "CN", "TW", "JP", "KR", "HU", "LT", "MN",
    };

    private static readonly HashSet<string> MonthFirstLanguages = new(StringComparer.Ordinal) { "zh", "ja", "ko", "hu", "lt", "mn" };

    private static readonly string[] Tomorrow = ["tomorrow", "tmrw", "tmr", "tomorow", "tommorow", "tommorrow", "2morrow"];
    private static readonly string[] Relative = ["this", "next", "last", "coming", "past", "previous"];

    /// <summary>Every word this reader knows, so that no typo search for a pipeline or person takes one of them.</summary>
    public static IEnumerable<string> KnownWords =>
        Months.Keys.Concat(Weekdays.Keys).Concat(Numbers.Keys).Concat(PartsOfDay.Keys).Concat(Tomorrow).Concat(Relative).Concat(
        [
            "now", "rn", "atm", "currently", "right", "moment", "present", "today", "yesterday", "day", "days", "week", "weeks",
            "weekend", "month", "months", "year", "years", "hour", "hours", "ago", "from", "later", "eve", "am", "pm", "fortnight",
        ]);

    public void Read(Analysis a)
    {
        ReadHolidays(a);
        for (var i = 0; i < a.Count; i++)
        {
            if (a.IsFree(i))
            {
                ReadAt(a, i);
            }
        }

        JoinTimesToDays(a);
        for (var i = 0; i < a.Count; i++)
        {
            if (a.IsFree(i) && YearOf(a[i]) is { } year && year is >= 1900 and < 2200)
            {
                a.Add(new YearEntity(i, 1, year));
            }
        }

        KeepWithinReach(a);
    }

    /// <summary>
    /// Dates more than <see cref="ReachYears"/> years from today are named as out of reach rather than answered: the
    /// rotation and the holiday plan are worked out a year at a time, and "Christmas 9999" is a typo, not a plan.
    /// </summary>
    private static void KeepWithinReach(Analysis a)
    {
        var (first, last) = (a.Today.Year - ReachYears, a.Today.Year + ReachYears);
        foreach (var entity in a.Entities.ToList())
        {
            var years = entity switch
            {
                MomentEntity m => m.Readings.SelectMany(YearsOf),
                HolidayEntity h => [h.Date.Year],
                YearEntity y => [y.Year],
                _ => [],
            };
            if (years.Any(y => y < first || y > last))
            {
                a.Replace([entity], new UnreadableEntity(entity.Start, entity.Count, a.TextOf(entity.Start, entity.Count), $"too far away: I answer for {first} to {last}"));
            }
        }
    }

    private static IEnumerable<int> YearsOf(Moment moment) => moment switch
    {
        Day day => [day.Date.Year],
        Days days => [days.From.Year, days.To.Year],
        At at => [at.Local.Year],
        _ => [],
    };

    /// <summary>Whether a word nobody understood was probably meant as a date: a near miss of a month, weekday or "tomorrow".</summary>
    public static bool LooksLikeDate(string word) =>
        word.Length >= 4 && Similarity.Nearest(word, [.. Months.Keys.Where(m => m.Length > 3), .. Weekdays.Keys.Where(d => d.Length > 3), "tomorrow", "yesterday"], 1).Count > 0;

    /// <summary>A holiday whose name is within a typo of the words from <paramref name="start"/> ("chirstmas").</summary>
    public void ReadHolidayTypo(Analysis a, int start, Func<int, bool> open)
    {
        if (holidays.TypoAt(a, start, open) is { } match)
        {
            AddHoliday(a, start, match);
        }
    }

    private void ReadHolidays(Analysis a)
    {
        for (var i = 0; i < a.Count; i++)
        {
            if (holidays.ExactAt(a, i) is { } match)
            {
                i = AddHoliday(a, i, match) - 1;
            }
        }
    }

    /// <summary>Records the holiday with what qualifies it: "last" or "next" before it, "eve" and a year after it. Returns its end.</summary>
    private static int AddHoliday(Analysis a, int i, NameMatch<HolidayRule> match)
    {
        var rule = match.Targets[0];
        var end = i + match.Count;
        var eve = a.At(end) == "eve" && a.IsFree(end);
        end += eve ? 1 : 0;
        var year = a.IsFree(end) ? YearOf(a.At(end)) : null;
        end += year is null ? 0 : 1;
        var start = i > 0 && a.IsFree(i - 1) && a[i - 1] is "next" or "last" or "this" ? i - 1 : i;
        var (holidayYear, date) = year is { } given ? (given, DateOf(rule, given, eve)) : Occurrence(rule, eve, a.Today, backwards: a.At(start) == "last");
        a.Add(new HolidayEntity(start, end - start, rule, holidayYear, year is not null, eve, date));
        return end;
    }

    /// <summary>The next occurrence on or after today (or, looking back, the last one before today) of a holiday or its eve.</summary>
    private static (int Year, LocalDate Date) Occurrence(HolidayRule rule, bool eve, LocalDate today, bool backwards)
    {
        if (backwards)
        {
            for (var year = today.Year + 1; ; year--)
            {
                if (DateOf(rule, year, eve) is var date && date < today)
                {
                    return (year, date);
                }
            }
        }

        for (var year = today.Year - 1; ; year++)
        {
            if (DateOf(rule, year, eve) is var date && date >= today)
            {
                return (year, date);
            }
        }
    }

    // The eve is the day before the holiday itself, not before the weekday it is observed on.
    private static LocalDate DateOf(HolidayRule rule, int year, bool eve) => eve ? rule.NominalDateIn(year).PlusDays(-1) : rule.DateIn(year);

    private static void ReadAt(Analysis a, int i)
    {
        var word = a[i];
        var next = a.IsFree(i + 1) ? a.At(i + 1) : null;
        var today = a.Today;
        switch (word)
        {
            // "what now?" asks what to do, not when.
            case "now" or "rn" or "atm" or "currently" when !(word == "now" && i > 0 && a[i - 1] == "what"):
                Add(a, i, 1, Now.Instance);
                return;
            case "right" when next == "now":
                Add(a, i, 2, Now.Instance);
                return;
            case "at" when next is "the" && a.At(i + 2) == "moment" || next is "present":
                Add(a, i, next == "present" ? 2 : 3, Now.Instance);
                return;
            case "today":
                Add(a, i, 1, new Day(today));
                return;
            case "tonight":
                Add(a, i, 1, new At(today + Tonight));
                return;
            case "yesterday":
                Add(a, i, 1, new Day(today.PlusDays(-1)));
                return;
            case "last" when next == "night":
                Add(a, i, 2, new At(today.PlusDays(-1) + Tonight));
                return;
            case "day" when (next == "after" && Tomorrow.Contains(a.At(i + 2))) || (next == "before" && a.At(i + 2) == "yesterday"):
                Add(a, i, 3, new Day(today.PlusDays(next == "after" ? 2 : -2)));
                return;
        }

        if (Tomorrow.Contains(word))
        {
            Add(a, i, 1, new Day(today.PlusDays(1)));
            return;
        }

        if (Relative.Contains(word) && next == "year")
        {
            a.Add(new YearEntity(i, 2, today.Year + (word == "next" ? 1 : word == "last" ? -1 : 0)));
            return;
        }

        if (Relative.Contains(word) && next is not null && ReadRelative(a, word, next) is { } relative)
        {
            Add(a, i, 2, relative);
            return;
        }

        if (word == "weekend")
        {
            Add(a, i, 1, Weekend(today, 0, "this weekend"));
            return;
        }

        if (Weekdays.TryGetValue(word, out var weekday))
        {
            Add(a, i, 1, new Day(a.PastTense ? OnOrBefore(today, weekday) : OnOrAfter(today, weekday)));
            return;
        }

        if (ReadSpan(a, i) is { } span)
        {
            Add(a, i, span.Count, span.Moment);
            return;
        }

        if (ReadMonthDay(a, i) is { } monthDay)
        {
            AddOrUnreadable(a, i, monthDay.Count, monthDay.Moment);
            return;
        }

        if (Ordinal(word) is { } dayOfMonth)
        {
            // "the 24th": the next time the month comes to that day.
            AddOrUnreadable(a, i, 1, NextDayOfMonth(today, dayOfMonth) is { } date ? new Day(date) : null);
            return;
        }

        if (ReadNumericDate(a, i) is { } numeric)
        {
            if (numeric.Count == 0)
            {
                a.Add(new UnreadableEntity(i, 1, word));
            }
            else
            {
                a.Add(new MomentEntity(i, 1, numeric.Readings));
            }

            return;
        }

        if (ReadTime(a, i) is { } time)
        {
            if (time.Time is { } t)
            {
                a.Add(new TimeEntity(i, time.Count, t));
            }
            else
            {
                // Named as typed, without the "at" before it.
                var at = a[i] == "at" ? 1 : 0;
                a.Add(new UnreadableEntity(i, time.Count, a.TextOf(i + at, time.Count - at)));
            }
        }
    }

    private static Moment? ReadRelative(Analysis a, string word, string unit)
    {
        // "the coming week" is the next one, but "this coming saturday" and "the coming weekend" are the nearest.
        var step = word switch
        {
            "next" => 1,
            "coming" => unit is "week" or "month" ? 1 : 0,
            "last" or "past" or "previous" => -1,
            _ => 0,
        };
        var today = a.Today;
        var name = $"{word} {unit}";
        switch (unit)
        {
            case "week":
                var monday = today.PlusDays(-((int)today.DayOfWeek - 1)).PlusWeeks(step);
                return new Days(monday, monday.PlusDays(6), name);
            case "weekend":
                return Weekend(today, step, name);
            case "month":
                var first = new LocalDate(today.Year, today.Month, 1).PlusMonths(step);
                return new Days(first, first.PlusMonths(1).PlusDays(-1), name);
        }

        if (!Weekdays.TryGetValue(unit, out var day))
        {
            return null;
        }

        // "next tuesday" is the first Tuesday after today and "last saturday" the last one before it: within a week.
        return new Day(step switch
        {
            1 => today.Next(day),
            -1 => today.Previous(day),
            _ => OnOrAfter(today, day),
        });
    }

    /// <summary>The Saturday and Sunday of this week (the one under way on a weekend), or <paramref name="step"/> weeks on.</summary>
    private static Days Weekend(LocalDate today, int step, string name)
    {
        var saturday = today.DayOfWeek == IsoDayOfWeek.Sunday ? today.PlusDays(-1) : OnOrAfter(today, IsoDayOfWeek.Saturday);
        saturday = saturday.PlusWeeks(step);
        return new Days(saturday, saturday.PlusDays(1), name);
    }

    /// <summary>"in 2 weeks", "in a couple of days", "3 days ago", "a week from now", "in 3 hours".</summary>
    private static (int Count, Moment Moment)? ReadSpan(Analysis a, int i)
    {
        var start = i;
        var forwards = a[i] == "in";
        if (forwards)
        {
            i++;
        }

        if (a.At(i) == "a" && a.At(i + 1) is "couple" or "few")
        {
            i++;
        }

        if (!a.AllFree(i, 1) || Amount(a.At(i)) is not { } amount)
        {
            return null;
        }

        i += a.At(i + 1) == "of" ? 2 : 1;
        var unit = a.At(i) switch
        {
            "day" or "days" => Period.FromDays(amount),
            "week" or "weeks" => Period.FromWeeks(amount),
            "fortnight" or "fortnights" => Period.FromWeeks(2 * amount),
            "month" or "months" => Period.FromMonths(amount),
            "hour" or "hours" => Period.FromHours(amount),
            _ => null,
        };
        if (unit is null || !a.IsFree(i))
        {
            return null;
        }

        var end = i + 1;
        var back = false;
        if (!forwards)
        {
            if (a.At(end) == "ago")
            {
                back = true;
                end++;
            }
            else if (a.At(end) == "from" && a.At(end + 1) == "now")
            {
                end += 2;
            }
            else if (a.At(end) == "later")
            {
                end++;
            }
            else
            {
                return null;
            }
        }

        var period = back ? Period.Zero - unit : unit;
        var count = end - start;
        if (unit.Hours != 0)
        {
            var local = a.Now.InZone(a.Zone).LocalDateTime + period;
            return (count, new At(new LocalDateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute)));
        }

        return (count, new Day(a.Today + period));
    }

    private static int? Amount(string? word) =>
        word is null ? null
        : Numbers.TryGetValue(word, out var named) ? named
        : word.Length is > 0 and <= 3 && word.All(char.IsAsciiDigit) ? int.Parse(word, CultureInfo.InvariantCulture)
        : null;

    /// <summary>"Dec 26th", "december 26 2027", "26 dec", "26th of december 2027"; an impossible one is kept to be named.</summary>
    private static (int Count, Moment? Moment)? ReadMonthDay(Analysis a, int i)
    {
        int month, day, length;
        if (Months.TryGetValue(a[i], out month) && a.IsFree(i + 1) && DayNumber(a.At(i + 1)) is { } after)
        {
            (day, length) = (after, 2);
        }
        else if (DayNumber(a[i]) is { } before && a.IsFree(i + 1))
        {
            var of = a.At(i + 1) == "of" ? 1 : 0;
            if (!a.IsFree(i + 1 + of) || a.At(i + 1 + of) is not { } name || !Months.TryGetValue(name, out month))
            {
                return null;
            }

            (day, length) = (before, 2 + of);
        }
        else
        {
            return null;
        }

        var year = a.IsFree(i + length) ? YearOf(a.At(i + length)) : null;
        length += year is null ? 0 : 1;
        if (year is { } y)
        {
            return (length, Valid(y, month, day) ? new Day(new LocalDate(y, month, day)) : null);
        }

        return (length, NextDate(a.Today, month, day) is { } date ? new Day(date) : null);
    }

    /// <summary>
    /// "2026-12-25"; "25/12", "12/31", "05/06" with an optional year; "25.12." and "25.12.2026" (day first, as they are
    /// written where dots are used). The readings that are real dates; none for one that is no date at all.
    /// </summary>
    private static (int Count, IReadOnlyList<Moment> Readings)? ReadNumericDate(Analysis a, int i)
    {
        var word = a[i];
        if (word.Length >= 8 && word.Count(c => c == '-') == 2 && char.IsAsciiDigit(word[0]))
        {
            var iso = word.Split('-');
            return iso.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)) && iso[0].Length == 4
                && int.Parse(iso[0], CultureInfo.InvariantCulture) is var y && int.Parse(iso[1], CultureInfo.InvariantCulture) is var m
                && int.Parse(iso[2], CultureInfo.InvariantCulture) is var d && Valid(y, m, d)
                ? (1, [new Day(new LocalDate(y, m, d))])
                : (0, []);
        }

        var separator = word.Contains('/', StringComparison.Ordinal) ? '/' : word.Contains('.', StringComparison.Ordinal) ? '.' : '\0';
        if (separator == '\0')
        {
            return null;
        }

        var parts = word.Split(separator);
        if (parts.Length is < 2 or > 3 || !parts.All(p => p.Length is > 0 and <= 4 && p.All(char.IsAsciiDigit)))
        {
            return null;
        }

        var first = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var second = int.Parse(parts[1], CultureInfo.InvariantCulture);
        int? year = parts.Length == 3 ? int.Parse(parts[2], CultureInfo.InvariantCulture) is var written && parts[2].Length == 2 ? 2000 + written : written : null;
        var readings = new List<LocalDate>();
        foreach (var (day, month) in separator == '.' ? [(first, second)] : new[] { (first, second), (second, first) })
        {
            LocalDate? date = year is { } y ? Valid(y, month, day) ? new LocalDate(y, month, day) : null : NextDate(a.Today, month, day);
            if (date is { } found && !readings.Contains(found))
            {
                readings.Add(found);
            }
        }

        if (readings.Count == 2 && MonthFirst(a.Locale) is { } monthFirst)
        {
            // The second reading is month first (12/31 as December 31st).
            readings.RemoveAt(monthFirst ? 0 : 1);
        }

        return (readings.Count == 0 ? 0 : 1, [.. readings.Select(d => (Moment)new Day(d))]);
    }

    /// <summary>
    /// Whether the locale writes the month before the day (en-US: 12/31/2026; zh-CN and ja-JP: 2026/12/31); null when there
    /// is no locale, or one that does not say where it is ("en" alone). From CLDR's short date patterns; a table, because
    /// the build runs without ICU's culture data (InvariantGlobalization).
    /// </summary>
    private static bool? MonthFirst(string? locale)
    {
        var parts = (locale ?? "").Split('-', '_');
        var language = parts[0].ToLowerInvariant();
        var region = parts.Skip(1).FirstOrDefault(p => p.Length == 2)?.ToUpperInvariant();
        return region is not null ? MonthFirstRegions.Contains(region)
            : MonthFirstLanguages.Contains(language) ? true
            : language is "" or "en" ? null
            : false;
    }

    /// <summary>"15:00", "3pm", "3 pm", "3:30pm", "noon", "midnight", "at 15" (a bare hour only after "at"), with "at" taken along.</summary>
    private static (int Count, LocalTime? Time)? ReadTime(Analysis a, int i)
    {
        var start = i;
        if (a[i] == "at" && a.IsFree(i + 1) && a.At(i + 1) is not null)
        {
            i++;
        }

        var word = a[i];
        if (PartsOfDay.TryGetValue(word, out var part) && word is "noon" or "midday" or "midnight")
        {
            return (i - start + 1, part);
        }

        var suffix = word.EndsWith("am", StringComparison.Ordinal) || word.EndsWith("pm", StringComparison.Ordinal) ? word[^2..] : null;
        var digits = suffix is null ? word : word[..^2];
        var length = 1;
        if (suffix is null && a.IsFree(i + 1) && a.At(i + 1) is "am" or "pm" && digits.Length > 0 && char.IsAsciiDigit(digits[0]))
        {
            suffix = a.At(i + 1);
            length = 2;
        }

        var afterAt = i > start;
        if (digits.Length == 0 || !char.IsAsciiDigit(digits[0]) || (suffix is null && !afterAt && !digits.Contains(':', StringComparison.Ordinal)))
        {
            return null;
        }

        var parts = digits.Split(':');
        if (parts.Length > 2 || !parts.All(p => p.Length is > 0 and <= 2 && p.All(char.IsAsciiDigit)))
        {
            return digits.Contains(':', StringComparison.Ordinal) ? (i - start + length, null) : null;
        }

        var hour = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var minute = parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
        if (suffix is not null)
        {
            if (hour is < 1 or > 12)
            {
                return (i - start + length, null);
            }

            hour = (hour % 12) + (suffix == "pm" ? 12 : 0);
        }

        return hour is < 0 or > 23 || minute is < 0 or > 59 ? (i - start + length, null) : (i - start + length, new LocalTime(hour, minute));
    }

    /// <summary>
    /// A time of day joins the day named next to it ("tomorrow at 3pm", "at 3pm tomorrow", "tomorrow morning"); on its
    /// own it is today's.
    /// </summary>
    private static void JoinTimesToDays(Analysis a)
    {
        foreach (var time in a.All<TimeEntity>().ToList())
        {
            var day = a.All<MomentEntity>()
                .FirstOrDefault(m => m.Readings is [Day] && (m.End == time.Start || m.Start == time.End || (time.End + 1 == m.Start && a[time.End] == "on")));
            if (day is null)
            {
                a.Replace([time], new MomentEntity(time.Start, time.Count, [new At(a.Today + time.Time)]));
            }
            else
            {
                var start = Math.Min(day.Start, time.Start);
                a.Replace([time, day], new MomentEntity(start, Math.Max(day.End, time.End) - start, [new At(((Day)day.Readings[0]).Date + time.Time)]));
            }
        }

        // "tomorrow morning", "this evening", "friday night"
        for (var i = 1; i < a.Count; i++)
        {
            if (!a.IsFree(i) || !PartsOfDay.TryGetValue(a[i], out var part) || a[i] is "tonight" or "noon" or "midday" or "midnight")
            {
                continue;
            }

            if (a.EntityAt(i - 1) is MomentEntity { Readings: [Day day] } before)
            {
                a.Replace([before], new MomentEntity(before.Start, i + 1 - before.Start, [new At(day.Date + part)]));
            }
            else if (a.IsFree(i - 1) && a[i - 1] == "this")
            {
                a.Add(new MomentEntity(i - 1, 2, [new At(a.Today + part)]));
            }
        }
    }

    private static void Add(Analysis a, int start, int count, Moment moment) => a.Add(new MomentEntity(start, count, [moment]));

    private static void AddOrUnreadable(Analysis a, int start, int count, Moment? moment)
    {
        if (moment is null)
        {
            a.Add(new UnreadableEntity(start, count, a.TextOf(start, count)));
        }
        else
        {
            Add(a, start, count, moment);
        }
    }

    private static LocalDate? NextDate(LocalDate today, int month, int day)
    {
        // Without a year: the next time that date comes round (Feb 29 waits for a leap year).
        for (var year = today.Year; year <= today.Year + 8; year++)
        {
            if (Valid(year, month, day) && new LocalDate(year, month, day) is var date && date >= today)
            {
                return date;
            }
        }

        return null;
    }

    private static LocalDate? NextDayOfMonth(LocalDate today, int day)
    {
        var month = new LocalDate(today.Year, today.Month, 1);
        for (var tried = 0; tried < 12; tried++, month = month.PlusMonths(1))
        {
            if (Valid(month.Year, month.Month, day) && new LocalDate(month.Year, month.Month, day) is var date && date >= today)
            {
                return date;
            }
        }

        return null;
    }

    /// <summary>"24th", "1st", "2nd", "3rd": a day of the month written as an ordinal (a bare number is not a date).</summary>
    private static int? Ordinal(string word) =>
        word.Length > 2 && (word.EndsWith("st", StringComparison.Ordinal) || word.EndsWith("nd", StringComparison.Ordinal) || word.EndsWith("rd", StringComparison.Ordinal) || word.EndsWith("th", StringComparison.Ordinal))
            && char.IsAsciiDigit(word[0]) ? DayNumber(word) : null;

    private static bool Valid(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= CalendarSystem.Iso.GetDaysInMonth(year, month);

    private static int? DayNumber(string? word)
    {
        if (word is null)
        {
            return null;
        }

        var digits = word.EndsWith("st", StringComparison.Ordinal) || word.EndsWith("nd", StringComparison.Ordinal) || word.EndsWith("rd", StringComparison.Ordinal) || word.EndsWith("th", StringComparison.Ordinal) ? word[..^2] : word;
        return digits.Length is 1 or 2 && digits.All(char.IsAsciiDigit) ? int.Parse(digits, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// A year of four digits. After a holiday or a day any such number is its year (one out of reach is then said so);
    /// on its own only a plausible one is, since "ack 1234" names an incident.
    /// </summary>
    private static int? YearOf(string? word) =>
        word is { Length: 4 } && word.All(char.IsAsciiDigit) && word[0] != '0' ? int.Parse(word, CultureInfo.InvariantCulture) : null;

    private static LocalDate OnOrAfter(LocalDate today, IsoDayOfWeek day) => today.DayOfWeek == day ? today : today.Next(day);

    private static LocalDate OnOrBefore(LocalDate today, IsoDayOfWeek day) => today.DayOfWeek == day ? today : today.Previous(day);

    private static Dictionary<string, int> MonthNames()
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var info = CultureInfo.InvariantCulture.DateTimeFormat;
        for (var month = 1; month <= 12; month++)
        {
            names[info.GetMonthName(month).ToLowerInvariant()] = month;
            names[info.GetAbbreviatedMonthName(month).ToLowerInvariant()] = month;
        }

        names["sept"] = 9;
        return names;
    }

    private static Dictionary<string, IsoDayOfWeek> WeekdayNames()
    {
        var names = new Dictionary<string, IsoDayOfWeek>(StringComparer.Ordinal);
        foreach (var day in Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None))
        {
            var name = day.ToString().ToLowerInvariant();
            names[name] = day;
            names[name[..3]] = day;
            names[name + "s"] = day;
        }

        names["tues"] = IsoDayOfWeek.Tuesday;
        names["weds"] = IsoDayOfWeek.Wednesday;
        names["thurs"] = IsoDayOfWeek.Thursday;
        names["thu"] = IsoDayOfWeek.Thursday;
        return names;
    }
}

/// <summary>A time of day waiting to be joined to the day beside it (or to today).</summary>
internal sealed record TimeEntity(int Start, int Count, LocalTime Time) : Entity(Start, Count);
