using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using NodaTime.Text;
using PipelineBot.Conversation.Grammar;

namespace PipelineBot.Conversation.Tests.Grammar;

public sealed class DateReaderTests
{
    // Saturday 2026-11-21, 16:00 in Berlin.
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 21, 15, 0);
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private static readonly LocalDate Today = new(2026, 11, 21);

    private static Analysis Analyse(string text, Instant? now = null, string? locale = null) =>
        ShippedUnderstanding.Instance.Analyse(text, now ?? Now, Berlin, locale);

    /// <summary>The first date or time the message names, a holiday as its day.</summary>
    private static Moment? Read(string text, Instant? now = null, string? locale = null) => SlotReading.When(Analyse(text, now, locale));

    private static LocalDate Date(string iso) => LocalDatePattern.Iso.Parse(iso).Value;

    [Theory]
    [InlineData("today", "2026-11-21")]
    [InlineData("tomorrow", "2026-11-22")]
    [InlineData("tmrw", "2026-11-22")]
    [InlineData("the day after tomorrow", "2026-11-23")]
    [InlineData("yesterday", "2026-11-20")]
    [InlineData("on Friday", "2026-11-27")]
    [InlineData("friday", "2026-11-27")]
    [InlineData("on Saturday", "2026-11-21")]
    [InlineData("next saturday", "2026-11-28")]
    [InlineData("last saturday", "2026-11-14")]
    [InlineData("who was on call on monday", "2026-11-16")]
    [InlineData("on mon", "2026-11-23")]
    [InlineData("Dec 25", "2026-12-25")]
    [InlineData("dec 25th", "2026-12-25")]
    [InlineData("December 25 2027", "2027-12-25")]
    [InlineData("25 December 2027", "2027-12-25")]
    [InlineData("the 25th of december", "2026-12-25")]
    [InlineData("Jan 1", "2027-01-01")]
    [InlineData("Nov 21", "2026-11-21")]
    [InlineData("feb 29", "2028-02-29")]
    [InlineData("2026-12-25", "2026-12-25")]
    [InlineData("on 2030-01-31", "2030-01-31")]
    [InlineData("25/12", "2026-12-25")]
    [InlineData("12/31", "2026-12-31")]
    [InlineData("31/12/2027", "2027-12-31")]
    [InlineData("12/31/27", "2027-12-31")]
    [InlineData("24.12.", "2026-12-24")]
    [InlineData("in 3 days", "2026-11-24")]
    [InlineData("in two weeks", "2026-12-05")]
    [InlineData("in a week", "2026-11-28")]
    [InlineData("a week from now", "2026-11-28")]
    [InlineData("3 days ago", "2026-11-18")]
    public void A_day_phrase_reads_as_that_day_counted_from_the_speakers_today(string text, string expected) =>
        Assert.Equal(new Day(Date(expected)), Read(text));

    [Theory]
    [InlineData("Christmas", "Christmas Day 2026", "2026-12-25")]
    [InlineData("xmas", "Christmas Day 2026", "2026-12-25")]
    [InlineData("christmas 2027", "Christmas Day 2027", "2027-12-25")]
    [InlineData("Christmas Day 2028", "Christmas Day 2028", "2028-12-25")]
    [InlineData("christmas eve", "the eve of Christmas Day 2026", "2026-12-24")]
    [InlineData("New Year's Day", "New Year's Day 2027", "2027-01-01")]
    [InlineData("new year's eve", "the eve of New Year's Day 2027", "2026-12-31")]
    [InlineData("new year’s day 2028", "New Year's Day 2028", "2028-01-01")]
    [InlineData("Thanksgiving", "Thanksgiving 2026", "2026-11-26")]
    [InlineData("last thanksgiving", "Thanksgiving 2025", "2025-11-27")]
    [InlineData("thanksgivng", "Thanksgiving 2026", "2026-11-26")]
    [InlineData("good friday", "Good Friday 2027", "2027-03-26")]
    [InlineData("fourth of july 2027", "Independence Day 2027", "2027-07-05")]
    public void A_holiday_reads_as_its_next_day_or_that_of_the_year_given(string text, string name, string date) =>
        Assert.Equal(new Day(Date(date), name), Read(text));

    [Theory]
    [InlineData("at 15:00", "2026-11-21T15:00")]
    [InlineData("15:30", "2026-11-21T15:30")]
    [InlineData("at 9", "2026-11-21T09:00")]
    [InlineData("3pm", "2026-11-21T15:00")]
    [InlineData("at 11 pm", "2026-11-21T23:00")]
    [InlineData("12am", "2026-11-21T00:00")]
    [InlineData("tonight", "2026-11-21T21:00")]
    [InlineData("tomorrow at 9am", "2026-11-22T09:00")]
    [InlineData("at 3pm tomorrow", "2026-11-22T15:00")]
    [InlineData("tomorrow morning", "2026-11-22T09:00")]
    [InlineData("on Friday at 15:00", "2026-11-27T15:00")]
    [InlineData("at 15:00 on Friday", "2026-11-27T15:00")]
    [InlineData("Dec 25 at noon", "2026-12-25T12:00")]
    [InlineData("at midnight", "2026-11-21T00:00")]
    [InlineData("in 3 hours", "2026-11-21T19:00")]
    public void A_time_phrase_reads_as_a_local_time_of_the_speaker(string text, string expected) =>
        Assert.Equal(expected, Assert.IsType<At>(Read(text)).Spec);

    [Theory]
    [InlineData("now")]
    [InlineData("right now")]
    [InlineData("rn")]
    [InlineData("currently")]
    [InlineData("at the moment")]
    public void Now_is_the_clocks_now(string text) => Assert.Equal(Now, Assert.IsType<Now>(Read(text)).Start(Now, Berlin));

    [Theory]
    [InlineData("this week", "2026-11-16..2026-11-22")]
    [InlineData("next week", "2026-11-23..2026-11-29")]
    [InlineData("last week", "2026-11-09..2026-11-15")]
    [InlineData("this weekend", "2026-11-21..2026-11-22")]
    [InlineData("weekend", "2026-11-21..2026-11-22")]
    [InlineData("next weekend", "2026-11-28..2026-11-29")]
    [InlineData("next month", "2026-12-01..2026-12-31")]
    public void A_span_phrase_reads_as_its_days(string text, string expected) => Assert.Equal(expected, Assert.IsType<Days>(Read(text)).Spec);

    [Theory]
    [InlineData("2026-13-45")]
    [InlineData("2026-02-30")]
    [InlineData("Feb 30 2027")]
    [InlineData("Dec 45")]
    [InlineData("at 25:00")]
    [InlineData("13pm")]
    [InlineData("at 10:75")]
    [InlineData("13/13")]
    [InlineData("blursday")]
    public void A_date_that_does_not_parse_is_unreadable_not_guessed(string text)
    {
        var analysis = Analyse($"who is on call {text}");
        Assert.NotNull(analysis.First<UnreadableEntity>());
        Assert.Null(SlotReading.When(analysis));
    }

    [Fact]
    public void No_date_phrase_reads_as_none() => Assert.Null(Read("who is on call for growth"));

    [Theory]
    [InlineData("05/06", null, "2027-05-06", "2027-06-05")]
    [InlineData("05/06", "en-US", "2027-05-06")]
    [InlineData("05/06", "en-GB", "2027-06-05")]
    [InlineData("05/06", "de-DE", "2027-06-05")]
    [InlineData("1/2/2027", null, "2027-01-02", "2027-02-01")]
    [InlineData("25/12", "en-US", "2026-12-25")]
    public void Where_day_and_month_could_swap_the_locale_decides_else_both_readings_are_kept(string text, string? locale, params string[] expected)
    {
        var moment = Analyse(text, locale: locale).First<MomentEntity>()!;
        Assert.Equal(expected.Select(d => (Moment)new Day(Date(d))), moment.Readings.OrderBy(m => m.Spec, StringComparer.Ordinal));
    }

    [Fact]
    public void In_n_days_is_the_reference_day_plus_n() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(References, Gen.Choose(0, 999).ToArbitrary(), (now, n) =>
            Read($"who's on call in {n} days", now) == new Day(now.InZone(Berlin).Date.PlusDays(n))));

    [Fact]
    public void A_day_month_date_with_a_day_over_twelve_reads_one_way_only() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(References, Gen.Choose(13, 31).ToArbitrary(), Gen.Choose(1, 12).ToArbitrary(), (now, day, month) =>
        {
            var readings = Analyse($"on call {day}/{month}", now).First<MomentEntity>()?.Readings;
            var today = now.InZone(Berlin).Date;
            var valid = Enumerable.Range(today.Year, 9).Any(y => day <= CalendarSystem.Iso.GetDaysInMonth(y, month));
            return valid
                ? readings is [Day only] && only.Date.Day == day && only.Date.Month == month && only.Date >= today
                : readings is null;
        }));

    [Fact]
    public void Every_weekday_name_is_within_seven_days_in_the_direction_the_tense_says() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(References, Gen.Elements(Weekdays).ToArbitrary(), Gen.Elements(Tenses).ToArbitrary(), (now, weekday, tense) =>
        {
            var today = now.InZone(Berlin).Date;
            var date = Assert.IsType<Day>(Read(string.Format(CultureInfo.InvariantCulture, tense.Pattern, weekday), now)).Date;
            var days = Period.Between(today, date, PeriodUnits.Days).Days;
            return date.DayOfWeek.ToString().StartsWith(weekday[..3], StringComparison.OrdinalIgnoreCase) && tense.Allows(days);
        }));

    private static readonly string[] Weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    /// <summary>How a weekday is asked about, and the days from today it may then be.</summary>
    private static readonly (string Pattern, Func<int, bool> Allows)[] Tenses =
    [
        ("who is on call on {0}", d => d is >= 0 and < 7),
        ("who's on call this {0}", d => d is >= 0 and < 7),
        ("who's on call next {0}", d => d is > 0 and <= 7),
        ("who was on call on {0}", d => d is <= 0 and > -7),
        ("who was on call last {0}", d => d is < 0 and >= -7),
    ];

    /// <summary>Instants from 2000 to 2040, so that the properties meet leap years, year ends and daylight-saving changes.</summary>
    private static Arbitrary<Instant> References =>
        Gen.Choose(0, 40 * 365 * 24).Select(h => Instant.FromUtc(2000, 1, 1, 0, 0) + Duration.FromHours(h)).ToArbitrary();
}
