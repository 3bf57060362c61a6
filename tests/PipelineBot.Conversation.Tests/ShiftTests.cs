using NodaTime;
using PipelineBot.Domain.Rotation;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Conversation.Tests;

public sealed class ShiftTests
{
    [Theory]
    [InlineData("my shifts")]
    [InlineData("When am I on call?")]
    [InlineData("show my rotation")]
    public async Task My_shifts_lists_the_speakers_coming_rotation_weeks_in_their_zone(string text)
    {
        await using var bot = await Bot.StartAsync();
        var today = new LocalDate(2026, 11, 21);
        var next = (await bot.Schedule.ShiftsAsync(today, today.PlusWeeks(4), CancellationToken.None)).First(s => s.MemberId == "jasmine" && s.Kind == ShiftKind.Rotation);

        var answer = await bot.AskAsync(text, "jasmine", "Asia/Tokyo");

        Assert.StartsWith("Your shifts in the next 8 weeks (times in Asia/Tokyo):", answer, StringComparison.Ordinal);
        Assert.Contains($"- {TimeText.Local(next.Span.Start, DateTimeZoneProviders.Tzdb["Asia/Tokyo"])} to ", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Am_I_on_call_now_gives_the_whole_stretch_the_speaker_holds_not_just_todays_shift()
    {
        await using var bot = await Bot.StartAsync();
        var onCall = await bot.Schedule.OnCallAtAsync(Instant.FromDateTimeOffset(Bot.Saturday), CancellationToken.None);
        var utc = DateTimeZone.Utc;

        var answer = await bot.AskAsync("am I on call rn", onCall.MemberId, "UTC");

        Assert.True(onCall.Until - onCall.From > Duration.FromDays(1), "the shipped rotation holds a person for a week");
        Assert.Equal($"Yes: you're on call now (times in UTC):\n- {TimeText.Local(onCall.From, utc)} to {TimeText.Local(onCall.Until, utc)}", answer);
    }

    [Fact]
    public async Task My_holidays_lists_every_coming_holiday_the_speaker_holds()
    {
        await using var bot = await Bot.StartAsync();
        var mine = new List<(string Name, int Year)>();
        for (var year = 2026; year <= 2028; year++)
        {
            mine.AddRange((await bot.Schedule.HolidaysAsync(year, CancellationToken.None))
                .Where(h => h.MemberId == "miles" && h.Date >= new LocalDate(2026, 11, 21)).Select(h => (h.Name, h.Year)));
        }

        var answer = await bot.AskAsync("my holidays", "miles");

        Assert.NotEmpty(mine);
        Assert.All(mine, h => Assert.Contains($"- {h.Name} {h.Year}: ", answer, StringComparison.Ordinal));
        Assert.Equal(mine.Count, answer.Split('\n').Count(l => l.StartsWith("- ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("holidays 2027", 2027)]
    [InlineData("holidays", 2026)]
    [InlineData("Holidays in 2030", 2030)]
    public async Task Holidays_of_a_year_name_each_holiday_its_date_and_holder(string text, int year)
    {
        await using var bot = await Bot.StartAsync();
        var holidays = await bot.Schedule.HolidaysAsync(year, CancellationToken.None);

        var answer = await bot.AskAsync(text);

        Assert.StartsWith($"Holidays {year}:", answer, StringComparison.Ordinal);
        Assert.All(holidays, h => Assert.Contains($"- {h.Name}: {TimeText.Format(h.Date)}, {bot.Name(h.MemberId!)}", answer, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("my shifts")]
    [InlineData("my holidays")]
    public async Task A_stranger_asking_about_my_shifts_is_told_the_bot_does_not_know_them(string text)
    {
        await using var bot = await Bot.StartAsync();

        Assert.StartsWith("I don't know who you are: your email address is not in the catalog", await bot.AskAsync(text, memberId: null), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_alerts_here_makes_a_team_channel_the_alert_conversation()
    {
        await using var bot = await Bot.StartAsync();
        var channel = new ChannelConversation("msteams", "19:team@thread.tacv2", "channel");

        var answer = await bot.SayAsync("post alerts here", place: channel);

        Assert.StartsWith("Done: I'll post incident alerts and team notices here.", answer.Text, StringComparison.Ordinal);
        Assert.Equal(channel.ConversationId, Assert.Single(await bot.Directory.AlertConversationsAsync("msteams", CancellationToken.None)).ConversationId);
    }

    [Fact]
    public async Task Post_alerts_here_in_a_personal_chat_is_refused_and_changes_nothing()
    {
        await using var bot = await Bot.StartAsync();

        var answer = await bot.SayAsync("post alerts here", place: Bot.Personal);

        Assert.StartsWith("Alerts go to a team channel or group chat", answer.Text, StringComparison.Ordinal);
        Assert.Empty(await bot.Directory.AlertConversationsAsync("msteams", CancellationToken.None));
    }
}
