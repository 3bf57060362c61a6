using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Domain.Holidays;
using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Conversation.Tests.Grammar;

public sealed class DatePhrasesTests
{
    // Saturday 2026-11-21, 16:00 in Berlin.
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 21, 15, 0);
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private static readonly BotSettings Settings = Bot.ShippedSettings;

    private static readonly DatePhrases Dates = new(new CatalogNames(Settings).Holidays);

    private static When? Read(string text) => Dates.Read(new Utterance(text), Now, Berlin);

    private static Instant Berlin_(int year, int month, int day, int hour, int minute = 0) =>
        Berlin.AtStrictly(new LocalDateTime(year, month, day, hour, minute)).ToInstant();

    [Theory]
    [InlineData("today", "2026-11-21")]
    [InlineData("tomorrow", "2026-11-22")]
    [InlineData("yesterday", "2026-11-20")]
    [InlineData("on Friday", "2026-11-27")]
    [InlineData("friday", "2026-11-27")]
    [InlineData("on Saturday", "2026-11-21")]
    [InlineData("next saturday", "2026-11-28")]
    [InlineData("on mon", "2026-11-23")]
    [InlineData("Dec 25", "2026-12-25")]
    [InlineData("dec 25th", "2026-12-25")]
    [InlineData("December 25 2027", "2027-12-25")]
    [InlineData("25 December 2027", "2027-12-25")]
    [InlineData("Jan 1", "2027-01-01")]
    [InlineData("Nov 21", "2026-11-21")]
    [InlineData("feb 29", "2028-02-29")]
    [InlineData("2026-12-25", "2026-12-25")]
    [InlineData("on 2030-01-31", "2030-01-31")]
    public void A_day_phrase_reads_as_that_day_counted_from_now_in_the_speakers_zone(string text, string expected)
    {
        var day = Assert.IsType<OnDay>(Read(text));
        Assert.Equal(expected, day.Date.ToString("uuuu-MM-dd", null));
        Assert.Null(day.Holiday);
    }

    [Theory]
    [InlineData("Christmas", "Christmas Day", 2026, "2026-12-25")]
    [InlineData("xmas", "Christmas Day", 2026, "2026-12-25")]
    [InlineData("christmas 2027", "Christmas Day", 2027, "2027-12-25")]
    [InlineData("Christmas Day 2028", "Christmas Day", 2028, "2028-12-25")]
    [InlineData("New Year's Day", "New Year's Day", 2027, "2027-01-01")]
    [InlineData("new year’s day 2028", "New Year's Day", 2028, "2028-01-01")]
    [InlineData("new years", "New Year's Day", 2027, "2027-01-01")]
    [InlineData("Thanksgiving", "Thanksgiving", 2026, "2026-11-26")]
    [InlineData("thanksgiving 2027", "Thanksgiving", 2027, "2027-11-25")]
    [InlineData("thanksgivng", "Thanksgiving", 2026, "2026-11-26")]
    [InlineData("good friday", "Good Friday", 2027, "2027-03-26")]
    [InlineData("fourth of july 2027", "Independence Day", 2027, "2027-07-05")]
    public void A_holiday_name_reads_as_its_next_date_or_that_of_the_year_given(string text, string holiday, int year, string date)
    {
        var day = Assert.IsType<OnDay>(Read(text));
        Assert.Equal(new HolidayInstance(holiday, year, LocalDate.FromDateTime(DateTime.Parse(date, System.Globalization.CultureInfo.InvariantCulture))), day.Holiday);
        Assert.Equal(day.Holiday!.Date, day.Date);
    }

    [Theory]
    [InlineData("at 15:00", 2026, 11, 21, 15, 0)]
    [InlineData("15:30", 2026, 11, 21, 15, 30)]
    [InlineData("at 9", 2026, 11, 21, 9, 0)]
    [InlineData("3pm", 2026, 11, 21, 15, 0)]
    [InlineData("at 11 pm", 2026, 11, 21, 23, 0)]
    [InlineData("12am", 2026, 11, 21, 0, 0)]
    [InlineData("tonight", 2026, 11, 21, 21, 0)]
    [InlineData("tomorrow at 9am", 2026, 11, 22, 9, 0)]
    [InlineData("on Friday at 15:00", 2026, 11, 27, 15, 0)]
    [InlineData("Dec 25 at noon", 2026, 12, 25, 12, 0)]
    [InlineData("at midnight", 2026, 11, 21, 0, 0)]
    public void A_time_phrase_reads_as_an_instant_in_the_speakers_zone(string text, int year, int month, int day, int hour, int minute)
    {
        var at = Assert.IsType<AtInstant>(Read(text));
        Assert.Equal(Berlin_(year, month, day, hour, minute), at.Instant);
        Assert.False(at.IsNow);
    }

    [Theory]
    [InlineData("now")]
    [InlineData("right now")]
    [InlineData("currently")]
    public void Now_is_the_clocks_now(string text) =>
        Assert.Equal(new AtInstant(Now, true), Read(text));

    [Theory]
    [InlineData("next week", "2026-11-23", true)]
    [InlineData("this week", "2026-11-16", false)]
    public void A_week_phrase_reads_as_its_monday(string text, string monday, bool isNext) =>
        Assert.Equal(new InWeek(LocalDate.FromDateTime(DateTime.Parse(monday, System.Globalization.CultureInfo.InvariantCulture)), isNext), Read(text));

    [Theory]
    [InlineData("2026-13-45")]
    [InlineData("2026-02-30")]
    [InlineData("Feb 30 2027")]
    [InlineData("Dec 45")]
    [InlineData("at 25:00")]
    [InlineData("13pm")]
    [InlineData("at 10:75")]
    public void A_date_that_does_not_parse_is_unreadable_not_guessed(string text) =>
        Assert.IsType<Unreadable>(Read(text));

    [Fact]
    public void No_date_phrase_reads_as_none() => Assert.Null(Read("who is on call for growth"));

    [Fact]
    public void Two_days_keep_the_order_they_were_said_in()
    {
        var days = Dates.Days(new Utterance("swap my new year's day 2027 for jackson's thanksgiving"), Now, Berlin).Cast<OnDay>().ToList();
        Assert.Equal(["New Year's Day", "Thanksgiving"], days.Select(d => d.Holiday!.Name));
        Assert.Equal([true, false], days.Select(d => d.YearGiven));
    }

    [Fact]
    public void Any_iso_date_round_trips() =>
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(300),
            Prop.ForAll(
                Gen.Choose(1, 9999).SelectMany(y => Gen.Choose(1, 12).SelectMany(m => Gen.Choose(1, CalendarSystem.Iso.GetDaysInMonth(y, m)).Select(d => new LocalDate(y, m, d)))).ToArbitrary(),
                date => Read($"on {date:uuuu-MM-dd}") is OnDay day && day.Date == date));

    [Fact]
    public void Any_clock_time_round_trips() =>
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(200),
            Prop.ForAll(
                Gen.Choose(0, 23).SelectMany(h => Gen.Choose(0, 59).Select(m => new LocalTime(h, m))).ToArbitrary(),
                time => Read($"tomorrow at {time:HH':'mm}") is AtInstant at && at.Instant == Berlin.AtLeniently(new LocalDate(2026, 11, 22) + time).ToInstant()));
}
