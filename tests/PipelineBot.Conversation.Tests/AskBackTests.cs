using System.Text.Json.Nodes;

namespace PipelineBot.Conversation.Tests;

/// <summary>Where two readings are equally good, the bot asks back with a button per reading instead of guessing.</summary>
public sealed class AskBackTests
{
    // A second Miles on the team: "Miles" alone could be either.
    private static readonly (string, string)[] TwoMiles =
    [
        ("PipelineBot:Members:11:Id", "miles-davis"),
        ("PipelineBot:Members:11:Name", "Miles Davis"),
        ("PipelineBot:Members:11:Email", "miles.davis@example.com"),
        ("PipelineBot:Members:11:Roles:0", "member"),
    ];

    [Fact]
    public async Task Two_people_with_one_first_name_are_asked_about_and_a_choice_is_answered_as_if_typed()
    {
        await using var bot = await Bot.StartAsync(Bot.Saturday, TwoMiles);

        var asked = await bot.SayAsync("when is miles on call");

        Assert.Equal("Which miles do you mean?", asked.Text);
        Assert.Equal("choice", asked.Card?.Template);
        var choices = asked.Card!.Data["choices"]!.AsArray();
        Assert.Equal(["Miles Lopez", "Miles Davis"], choices.Select(c => c!["title"]!.GetValue<string>()).Order().Reverse());

        var lopez = choices.Single(c => c!["title"]!.GetValue<string>() == "Miles Lopez")!["text"]!.GetValue<string>();
        var answered = await bot.ClickAsync("jasmine", "say", new JsonObject { ["text"] = lopez });

        Assert.StartsWith("Miles Lopez's shifts", Assert.Single(answered.Replies).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "Which date do you mean by 05/06?")]
    [InlineData("en-US", "On Thu 2027-05-06")]
    [InlineData("en-GB", "On Sat 2027-06-05")]
    public async Task A_date_that_reads_both_ways_is_decided_by_the_speakers_locale_or_asked_about(string? locale, string expected)
    {
        await using var bot = await Bot.StartAsync(Bot.Saturday);

        var answer = await bot.Conversation.HandleAsync(new Turn(bot.Speaker("jasmine") with { Locale = locale }, Bot.Personal, "who's on call on 05/06"), CancellationToken.None);

        Assert.StartsWith(expected, Assert.Single(answer).Text, StringComparison.Ordinal);
    }
}
