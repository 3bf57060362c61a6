namespace PipelineBot.Conversation.Tests;

public sealed class OnCallTests
{
    // The team in Berlin, so the answers read as the people there read them.
    private static readonly (string, string)[] Berlin = [("PipelineBot:Rotation:TimeZone", "Europe/Berlin")];

    [Theory]
    [InlineData("who's on call")]
    [InlineData("Who’s on call?")]
    [InlineData("who is on call")]
    [InlineData("whos on call now")]
    [InlineData("WHO IS ON-CALL RIGHT NOW")]
    [InlineData("oncall")]
    [InlineData("@PipelineBot who's on call at the moment?")]
    public async Task Who_is_on_call_now_names_the_holder_and_the_end_of_their_week_in_the_speakers_zone(string text)
    {
        await using var bot = await Bot.StartAsync(Bot.Saturday, Berlin);

        var answer = await bot.AskAsync(text, zone: "Europe/Berlin");

        Assert.StartsWith("**Miles Lopez** is on call now, until Mon 2026-11-23 00:00 Europe/Berlin.", answer, StringComparison.Ordinal);
        Assert.Contains("Next: Jackson Long.", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Times_are_shown_in_the_askers_own_zone_with_the_zone_named()
    {
        await using var bot = await Bot.StartAsync();

        var answer = await bot.AskAsync("who's on call", zone: "America/Chicago");

        Assert.Contains("until Sun 2026-11-22 18:00 America/Chicago", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("who is on call for growth", "Growth", "Jackson Long (primary), Hudson King (secondary)")]
    [InlineData("who's on call for the agg profit pipeline", "Aggregate Profit for Investors", "Miles Lopez (primary), Hudson King (secondary)")]
    [InlineData("on call for grwoth", "Growth", "Jackson Long (primary)")]
    public async Task On_call_for_a_pipeline_names_the_holder_and_the_pipelines_owners(string text, string pipeline, string owners)
    {
        await using var bot = await Bot.StartAsync();

        var answer = await bot.AskAsync(text);

        Assert.StartsWith("**Miles Lopez** is on call now", answer, StringComparison.Ordinal);
        Assert.Contains($"{pipeline}'s owners: {owners}", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("who's on call on Christmas", "Christmas Day", 2026)]
    [InlineData("who is on call on xmas 2027", "Christmas Day", 2027)]
    [InlineData("who's on call on New Year's Day", "New Year's Day", 2027)]
    [InlineData("on call thanksgiving", "Thanksgiving", 2026)]
    public async Task On_call_on_a_holiday_names_the_holiday_shift_holder(string text, string holiday, int year)
    {
        await using var bot = await Bot.StartAsync();
        var holder = bot.Name(await bot.HolderAsync(holiday, year));

        var answer = await bot.AskAsync(text);

        Assert.Contains($"{holiday} {year} (", answer, StringComparison.Ordinal);
        Assert.Contains($"**{holder}** is on call ({holiday} holiday shift)", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_call_next_week_lists_the_shifts_of_the_week_with_the_holiday_cut_out()
    {
        await using var bot = await Bot.StartAsync();
        var thanksgiving = bot.Name(await bot.HolderAsync("Thanksgiving", 2026));

        var answer = await bot.AskAsync("on call next week");

        Assert.StartsWith("On call next week, Mon 2026-11-23 to Sun 2026-11-29", answer, StringComparison.Ordinal);
        Assert.Contains("- Mon 2026-11-23 00:00 to Thu 2026-11-26 00:00: Jackson Long", answer, StringComparison.Ordinal);
        Assert.Contains($"- Thu 2026-11-26 00:00 to Fri 2026-11-27 00:00: {thanksgiving} (Thanksgiving holiday shift)", answer, StringComparison.Ordinal);
        Assert.Contains("- Fri 2026-11-27 00:00 to Mon 2026-11-30 00:00: Jackson Long", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("who's on call tomorrow", "On Sun 2026-11-22, **Miles Lopez** is on call")]
    [InlineData("who's on call on Friday", "On Fri 2026-11-27, **Jackson Long** is on call")]
    [InlineData("who is on call on 2026-12-02", "On Wed 2026-12-02, **Hudson King** is on call")]
    [InlineData("who is on call Dec 9", "On Wed 2026-12-09, **Jasmine Glancy** is on call")]
    [InlineData("who is on call at 15:00 on Friday", "At Fri 2026-11-27 15:00 UTC, **Jackson Long** is on call")]
    [InlineData("who was on call yesterday", "On Fri 2026-11-20, **Miles Lopez** was on call")]
    public async Task On_call_at_a_date_or_time_answers_for_that_moment(string text, string expected)
    {
        await using var bot = await Bot.StartAsync();

        Assert.StartsWith(expected, await bot.AskAsync(text), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("who's on call on 2026-13-45", "I couldn't read '2026-13-45' as a date")]
    [InlineData("who's on call on blursday", "I couldn't read 'blursday' as a date")]
    [InlineData("who's on call at 25:00", "I couldn't read '25:00' as a date")]
    [InlineData("who's on call on Feb 30 2027", "I couldn't read 'Feb 30 2027' as a date")]
    [InlineData("who is on call for banana", "I don't know a pipeline called 'banana'")]
    [InlineData("who is on call for aggregate", "I don't know a pipeline called 'aggregate'. Did you mean:")]
    public async Task A_date_or_pipeline_that_does_not_parse_is_named_in_the_reply(string text, string expected)
    {
        await using var bot = await Bot.StartAsync();

        Assert.StartsWith(expected, await bot.AskAsync(text), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("who's on call on christmas 9999", "'christmas 9999' is too far away: I answer for 1976 to 2076.")]
    [InlineData("who's on call on 31/12/9999", "'31/12/9999' is too far away")]
    [InlineData("who's on call in 999 months", "'in 999 months' is too far away")]
    [InlineData("am I on call on dec 31 9999", "'dec 31 9999' is too far away")]
    [InlineData("holidays 9999", "I plan holidays from 2026 (the rotation's start) up to 2076; 9999 is outside that.")]
    public async Task A_date_out_of_reach_is_said_to_be_so_not_answered_for_another_day(string text, string expected)
    {
        await using var bot = await Bot.StartAsync(Bot.Saturday);

        Assert.StartsWith(expected, await bot.AskAsync(text), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stranger_can_still_ask_who_is_on_call()
    {
        await using var bot = await Bot.StartAsync();

        Assert.StartsWith("**Miles Lopez** is on call now", await bot.AskAsync("who's on call", memberId: null), StringComparison.Ordinal);
    }
}
