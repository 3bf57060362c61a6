using System.Text.Json.Nodes;

namespace PipelineBot.Conversation.Tests;

public sealed class HelpTests
{
    [Theory]
    [InlineData("help")]
    [InlineData("Help!")]
    [InlineData("what can you do?")]
    [InlineData("")]
    public async Task Help_is_one_card_listing_the_registered_commands_with_their_examples(string text)
    {
        await using var bot = await Bot.StartAsync();

        var say = await bot.SayAsync(text);

        Assert.Equal("help", say.Card?.Template);
        var sections = say.Card!.Data["sections"]!.AsArray().Select(s => $"{s!["name"]}: {s["examples"]}").ToList();
        foreach (var example in new[] { "who's on call", "status growth", "runbook profit", "my shifts", "holidays 2027", "trade my Christmas shift with Miles", "ack INC-12" })
        {
            Assert.Contains(sections, s => s.Contains(example, StringComparison.Ordinal));
        }

        // The text only introduces the card: the examples are not said twice.
        Assert.DoesNotContain("status growth", say.Text, StringComparison.Ordinal);
        var buttons = say.Card!.Data["buttons"]!.AsArray();
        Assert.NotEmpty(buttons);
        Assert.All(buttons, b => Assert.False(string.IsNullOrWhiteSpace(b!["text"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Every_help_button_says_something_the_bot_understands()
    {
        await using var bot = await Bot.StartAsync();
        var help = await bot.SayAsync("help");

        foreach (var button in help.Card!.Data["buttons"]!.AsArray())
        {
            var said = await bot.ClickAsync("jasmine", "say", new JsonObject { ["text"] = button!["text"]!.GetValue<string>() });
            Assert.DoesNotContain("I didn't get", Assert.Single(said.Replies).Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_say_button_is_answered_exactly_as_if_the_text_was_typed()
    {
        await using var bot = await Bot.StartAsync();

        var clicked = await bot.ClickAsync("jasmine", "say", new JsonObject { ["text"] = "who's on call" });

        Assert.Equal(await bot.AskAsync("who's on call"), Assert.Single(clicked.Replies).Text);
        Assert.Null(clicked.UpdatedCard);
    }

    [Theory]
    [InlineData("who is on cal", "I didn't get 'who is on cal'. Did you mean: who's on call")]
    [InlineData("shfits", "Did you mean: my shifts")]
    [InlineData("xyzzy", "I didn't get 'xyzzy'. Try: who's on call")]
    public async Task Anything_not_understood_gets_the_nearest_commands(string text, string expected)
    {
        await using var bot = await Bot.StartAsync();

        Assert.Contains(expected, await bot.AskAsync(text), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stauts growth", "**Growth**")]
    [InlineData("runbok profit", "**Runbook: Profit**")]
    [InlineData("who's on call for grwoth", "Growth's owners")]
    public async Task A_typo_in_a_command_word_or_a_name_is_still_understood(string text, string expected)
    {
        await using var bot = await Bot.StartAsync();

        Assert.Contains(expected, await bot.AskAsync(text), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_button_changes_nothing_and_says_so()
    {
        await using var bot = await Bot.StartAsync();

        var result = await bot.ClickAsync("jasmine", "incident.nuke", []);

        Assert.Contains("nothing changed", Assert.Single(result.Replies).Text, StringComparison.Ordinal);
        Assert.Null(result.UpdatedCard);
    }
}
