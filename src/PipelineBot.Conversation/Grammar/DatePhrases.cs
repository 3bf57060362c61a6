using System.Globalization;
using NodaTime;
using NodaTime.Text;
using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Text;

namespace PipelineBot.Conversation.Grammar;

/// <summary>
/// Reads the date phrases people use (PRODUCT §3): "now", "tonight", "today", "tomorrow", "this week", "next week",
/// "on Friday", "Dec 25", "25 December 2027", "2026-12-25", "at 15:00", "3pm", and holiday names with an optional year.
/// Relative phrases count from <c>now</c> in the asking person's zone; a holiday without a year is its next occurrence.
/// </summary>
internal sealed class DatePhrases(NameIndex<HolidayRule> holidays)
{
    /// <summary>In the evening, when the question "who is on call tonight" is about.</summary>
    public static readonly LocalTime Tonight = new(21, 0);

    private static readonly Dictionary<string, int> Months = MonthNames();
    private static readonly Dictionary<string, IsoDayOfWeek> Weekdays = WeekdayNames();
    private static readonly string[] DateWords = [.. Months.Keys, .. Weekdays.Keys, "today", "tonight", "tomorrow", "yesterday", "week"];

    /// <summary>
    /// The first date phrase of the message, with a time of day folded into it ("tomorrow at 9" is an instant), or an
    /// <see cref="Unreadable"/> when something date-like does not parse; null when there is none.
    /// </summary>
    public When? Read(Utterance utterance, Instant now, DateTimeZone zone)
    {
        var found = All(utterance, now, zone);
        if (found.OfType<Unreadable>().FirstOrDefault() is { } problem)
        {
            return problem;
        }

        var time = found.OfType<TimeOfDay>().FirstOrDefault();
        var first = found.FirstOrDefault(w => w is not TimeOfDay);
        var today = now.InZone(zone).Date;
        return (first, time) switch
        {
            (null, null) => null,
            (null, { } t) => new AtInstant(zone.AtLeniently(today + t.Time).ToInstant(), false) { Position = t.Position },
            (OnDay day, { } t) => new AtInstant(zone.AtLeniently(day.Date + t.Time).ToInstant(), false) { Position = day.Position },
            _ => first,
        };
    }

    /// <summary>Every day named in the message, in the order they appear (a swap names two).</summary>
    public IReadOnlyList<When> Days(Utterance utterance, Instant now, DateTimeZone zone) =>
        [.. All(utterance, now, zone).Where(w => w is OnDay or Unreadable)];

    /// <summary>Whether a word that was not understood was probably meant as a date: digits, or a near miss of a month, weekday or "tomorrow".</summary>
    public static bool LooksLikeDate(string word) =>
        word.Any(char.IsDigit) || (word.Length >= 4 && Similarity.Nearest(word, DateWords, 1).Count > 0);

    private List<When> All(Utterance utterance, Instant now, DateTimeZone zone)
    {
        var today = now.InZone(zone).Date;
        var found = new List<When>();

        // Holiday names first, spelt right: "Good Friday" is a holiday, not a Friday. Their typos only after the other
        // phrases took their words, so that no near miss of a holiday swallows a weekday or month.
        ReadHolidays(utterance, today, found, fuzzy: false);
        for (var i = 0; i < utterance.Count; i++)
        {
            if (!utterance.IsUsed(i) && ReadAt(utterance, i, now, today) is { } when)
            {
                found.Add(when);
            }
        }

        ReadHolidays(utterance, today, found, fuzzy: true);
        found.Sort((a, b) => a.Position.CompareTo(b.Position));
        return found;
    }

    private void ReadHolidays(Utterance utterance, LocalDate today, List<When> found, bool fuzzy)
    {
        while (holidays.FindIn(utterance, Keywords.All, fuzzy) is { } match)
        {
            var year = YearAt(utterance, match.Start + match.Count);
            if (year is not null)
            {
                utterance.Use(match.Start + match.Count);
            }

            var rule = match.Target;
            var instance = year is { } y ? new HolidayInstance(rule.Name, y, rule.DateIn(y)) : NextOf(rule, today);
            found.Add(new OnDay(instance.Date, instance) { Position = match.Start, YearGiven = year is not null });
        }
    }

    private static When? ReadAt(Utterance u, int i, Instant now, LocalDate today)
    {
        var word = u[i];
        switch (word)
        {
            case "now" or "currently" or "right" when word != "right" || Next(u, i) == "now":
                u.Use(i, word == "right" ? 2 : 1);
                return new AtInstant(now, true) { Position = i };
            case "today":
                u.Use(i);
                return new OnDay(today, null) { Position = i };
            case "tonight":
                u.Use(i);
                return new TimeOfDay(Tonight) { Position = i };
            case "tomorrow" or "tmrw":
                u.Use(i);
                return new OnDay(today.PlusDays(1), null) { Position = i };
            case "yesterday":
                u.Use(i);
                return new OnDay(today.PlusDays(-1), null) { Position = i };
            case "this" or "next" or "coming" when Next(u, i) == "week":
                u.Use(i, 2);
                var monday = today.Previous(IsoDayOfWeek.Monday);
                monday = today.DayOfWeek == IsoDayOfWeek.Monday ? today : monday;
                return word == "next" ? new InWeek(monday.PlusWeeks(1), true) { Position = i } : new InWeek(monday, false) { Position = i };
            case "at" when Next(u, i) is not null && ReadTime(u, i + 1) is { } at:
                u.Use(i);
                return at;
            case "next" or "this" when Next(u, i) is { } day && Weekdays.TryGetValue(day, out var weekday):
                u.Use(i, 2);
                return new OnDay(word == "next" ? today.Next(weekday) : OnOrAfter(today, weekday), null) { Position = i };
        }

        if (Weekdays.TryGetValue(word, out var named))
        {
            u.Use(i);
            return new OnDay(OnOrAfter(today, named), null) { Position = i };
        }

        if (Months.TryGetValue(word, out var month))
        {
            // "Dec 25", "December 25th 2027"
            return DayNumber(Next(u, i)) is { } day ? MonthDay(u, i, 2, month, day, today) : null;
        }

        if (DayNumber(word) is { } number && Next(u, i) is { } after && Months.TryGetValue(after, out var monthAfter))
        {
            // "25 Dec", "25th of December"? The "of" is filler people rarely type here; "25 december 2027" is the form.
            return MonthDay(u, i, 2, monthAfter, number, today);
        }

        if (word.Length >= 8 && word.Count(c => c == '-') == 2 && char.IsDigit(word[0]))
        {
            u.Use(i);
            var parsed = LocalDatePattern.Iso.Parse(word);
            return parsed.Success ? new OnDay(parsed.Value, null) { Position = i } : new Unreadable(word) { Position = i };
        }

        return ReadTime(u, i);
    }

    private static When? MonthDay(Utterance u, int i, int length, int month, int day, LocalDate today)
    {
        var year = YearAt(u, i + length);
        u.Use(i, length + (year is null ? 0 : 1));
        var text = string.Join(' ', u.Words, i, length + (year is null ? 0 : 1));
        if (day > 31 || (year ?? today.Year) is < 1 or > 9999)
        {
            return new Unreadable(text) { Position = i };
        }

        if (year is { } y)
        {
            return day <= CalendarSystem.Iso.GetDaysInMonth(y, month) ? new OnDay(new LocalDate(y, month, day), null) { Position = i } : new Unreadable(text) { Position = i };
        }

        // Without a year: the next time that date comes round (Feb 29 waits for a leap year).
        for (var candidateYear = today.Year; candidateYear <= today.Year + 8; candidateYear++)
        {
            if (day <= CalendarSystem.Iso.GetDaysInMonth(candidateYear, month) && new LocalDate(candidateYear, month, day) is var date && date >= today)
            {
                return new OnDay(date, null) { Position = i };
            }
        }

        return new Unreadable(text) { Position = i };
    }

    /// <summary>"15:00", "9", "3pm", "3 pm", "noon", "midnight" at position i (a bare hour only after "at").</summary>
    private static When? ReadTime(Utterance u, int i)
    {
        var word = u[i];
        var afterAt = i > 0 && u[i - 1] == "at";
        if (word is "noon" or "midday" or "midnight")
        {
            u.Use(i);
            return new TimeOfDay(word == "midnight" ? LocalTime.Midnight : LocalTime.Noon) { Position = i };
        }

        var suffix = word.EndsWith("am", StringComparison.Ordinal) || word.EndsWith("pm", StringComparison.Ordinal) ? word[^2..] : null;
        var digits = suffix is null ? word : word[..^2];
        var length = 1;
        if (suffix is null && Next(u, i) is "am" or "pm" && digits.Length > 0 && char.IsDigit(digits[0]))
        {
            suffix = Next(u, i);
            length = 2;
        }

        if (digits.Length == 0 || !char.IsDigit(digits[0]) || (suffix is null && !afterAt && !digits.Contains(':', StringComparison.Ordinal)))
        {
            return null;
        }

        var parts = digits.Split(':');
        if (parts.Length > 2 || !parts.All(p => p.Length is > 0 and <= 2 && p.All(char.IsDigit)))
        {
            return digits.Contains(':', StringComparison.Ordinal) ? Unread(u, i, length) : null;
        }

        var hour = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var minute = parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
        if (suffix is not null)
        {
            if (hour is < 1 or > 12)
            {
                return Unread(u, i, length);
            }

            hour = (hour % 12) + (suffix == "pm" ? 12 : 0);
        }

        if (hour > 23 || minute > 59)
        {
            return Unread(u, i, length);
        }

        u.Use(i, length);
        return new TimeOfDay(new LocalTime(hour, minute)) { Position = i };
    }

    private static Unreadable Unread(Utterance u, int i, int length)
    {
        u.Use(i, length);
        return new Unreadable(string.Join(' ', u.Words, i, length)) { Position = i };
    }

    private static HolidayInstance NextOf(HolidayRule rule, LocalDate today)
    {
        // Observance can put a holiday in the year before its own (New Year's Day observed on Dec 31).
        for (var year = today.Year - 1; ; year++)
        {
            var date = rule.DateIn(year);
            if (date >= today)
            {
                return new HolidayInstance(rule.Name, year, date);
            }
        }
    }

    private static int? YearAt(Utterance u, int i) =>
        i < u.Count && !u.IsUsed(i) && u[i].Length == 4 && u[i].All(char.IsDigit) ? int.Parse(u[i], CultureInfo.InvariantCulture) : null;

    private static int? DayNumber(string? word)
    {
        if (word is null)
        {
            return null;
        }

        var digits = word.EndsWith("st", StringComparison.Ordinal) || word.EndsWith("nd", StringComparison.Ordinal)
            || word.EndsWith("rd", StringComparison.Ordinal) || word.EndsWith("th", StringComparison.Ordinal) ? word[..^2] : word;
        return digits.Length is 1 or 2 && digits.All(char.IsDigit) ? int.Parse(digits, CultureInfo.InvariantCulture) : null;
    }

    private static string? Next(Utterance u, int i) => i + 1 < u.Count && !u.IsUsed(i + 1) ? u[i + 1] : null;

    private static LocalDate OnOrAfter(LocalDate today, IsoDayOfWeek day) => today.DayOfWeek == day ? today : today.Next(day);

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
        }

        names["tues"] = IsoDayOfWeek.Tuesday;
        names["weds"] = IsoDayOfWeek.Wednesday;
        names["thurs"] = IsoDayOfWeek.Thursday;
        names["thu"] = IsoDayOfWeek.Thursday;
        return names;
    }

    /// <summary>A time of day waiting to be joined to a day (or to today).</summary>
    private sealed record TimeOfDay(LocalTime Time) : When;
}
