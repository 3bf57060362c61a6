using System.Text.RegularExpressions;
using PipelineBot.Testing;

namespace PipelineBot.Conversation.Tests;

/// <summary>
/// Every example in the README's table (section "Talking to it") works with the shipped appsettings.json: said by every
/// person on the rotation and the operator, on days across the year, none gets the fallback; and the trades hold for
/// the people the README names.
/// </summary>
public sealed partial class ReadmeExamplesTests
{
    /// <summary>How the core begins its answer when no command matched.</summary>
    private const string Fallback = "I didn't get";

    private static readonly DateTimeOffset December2026 = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static readonly string[] Speakers = ["jasmine", "miles", "jackson", "hudson", "sit-operator"];

    public static TheoryData<DateTimeOffset> Days =>
    [
        December2026,
        new(2027, 1, 15, 9, 30, 0, TimeSpan.Zero),
        new(2027, 7, 5, 14, 0, 0, TimeSpan.Zero),
        new(2027, 12, 24, 22, 0, 0, TimeSpan.Zero),
        new(2028, 2, 29, 8, 0, 0, TimeSpan.Zero),
    ];

    /// <summary>The code spans of the first column of the README's "Talking to it" table.</summary>
    public static IReadOnlyList<string> Examples()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "README.md"));
        var section = readme[readme.IndexOf("## Talking to it", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        return [.. section.Split('\n')
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(line => CodeSpan().Matches(line.Split('|')[1]).Select(m => m.Groups[1].Value))];
    }

    [Fact]
    public void The_table_has_the_examples_of_the_specification()
    {
        var examples = Examples();
        Assert.True(examples.Count >= 30, $"only {examples.Count} examples read from the README");
        Assert.Contains("who's on call", examples);
        Assert.Contains("trade my Christmas shift with Miles", examples);
    }

    [Theory]
    [MemberData(nameof(Days))]
    public async Task Every_example_is_answered_by_everyone_on_any_day_without_the_fallback(DateTimeOffset day)
    {
        await using var bot = await Bot.StartAsync(day);
        foreach (var speaker in Speakers)
        {
            foreach (var example in Examples())
            {
                var answer = await bot.AskAsync(example, speaker);

                Assert.False(answer.StartsWith(Fallback, StringComparison.Ordinal), $"{speaker} on {day:u}: '{example}' got {answer}");
                Assert.False(string.IsNullOrWhiteSpace(answer), $"{speaker} on {day:u}: '{example}' got nothing");
            }
        }
    }

    [Fact]
    public async Task The_trades_hold_for_the_people_the_readme_names()
    {
        await using var bot = await Bot.StartAsync(December2026);

        var given = await bot.SayAsync("give my New Year's Day 2027 shift to Miles", "hudson");
        Assert.StartsWith("Offer #1 sent to Miles Lopez: Hudson King hands New Year's Day 2027", given.Text, StringComparison.Ordinal);
        Assert.Equal("trade-offer", given.Card?.Template);

        var swapped = await bot.SayAsync("swap my New Year's Day 2027 for Miles's Christmas", "hudson");
        Assert.StartsWith("Offer #2 sent to Miles Lopez: Hudson King's New Year's Day 2027 (2027-01-01) for Miles Lopez's Christmas Day 2027", swapped.Text, StringComparison.Ordinal);

        var refused = await bot.AskAsync("trade my Christmas shift with Miles", "jackson");
        Assert.StartsWith("I can't offer that trade: Miles Lopez would get Christmas Day 2026", refused, StringComparison.Ordinal);
        Assert.Contains("Hudson King could take it: say \"give my Christmas Day 2026 shift to Hudson\"", refused, StringComparison.Ordinal);
        Assert.StartsWith("Offer #3 sent to Hudson King", await bot.AskAsync("give my Christmas Day 2026 shift to Hudson", "jackson"), StringComparison.Ordinal);

        Assert.StartsWith("Trade #1 done", await bot.AskAsync("accept trade 1", "miles"), StringComparison.Ordinal);
        Assert.Equal("miles", await bot.HolderAsync("New Year's Day", 2027));
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();
}
