using System.Text.Json.Nodes;

namespace PipelineBot.Conversation.Tests;

public sealed class HelpTests
{
    [Theory]
    [InlineData("help")]
    [InlineData("Help!")]
    [InlineData("what can you do?")]
    [InlineData("")]
    public async Task Help_lists_the_commands_with_examples_and_sends_the_help_card(string text)
    {
        await using var bot = await Bot.StartAsync();

        var say = await bot.SayAsync(text);

        foreach (var example in new[] { "who's on call", "status growth", "runbook profit", "my shifts", "holidays 2027", "trade my Christmas shift with Miles" })
        {
            Assert.Contains(example, say.Text, StringComparison.Ordinal);
        }

        Assert.Equal("help", say.Card?.Template);
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
    [InlineData("stauts growth", "Did you mean: status growth")]
    [InlineData("runbok profit", "Did you mean: runbook profit")]
    [InlineData("xyzzy", "I didn't get 'xyzzy'. Try: who's on call")]
    public async Task Anything_not_understood_gets_the_nearest_commands(string text, string expected)
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
