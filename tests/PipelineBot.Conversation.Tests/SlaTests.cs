using NodaTime;
using PipelineBot.Infrastructure.Incidents;

namespace PipelineBot.Conversation.Tests;

/// <summary>The SLA review asked for in chat: the answer's verdict and the card's figures, from runs stored through intake.</summary>
public sealed class SlaTests
{
    private static readonly DateTimeOffset December2 = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_pipelines_review_says_what_was_missed_and_lists_each_breach_with_its_incident()
    {
        await using var bot = await Bot.StartAsync(December2);
        for (var day = 1; day <= 30; day++)
        {
            var date = new LocalDate(2026, 11, day);
            await bot.Incidents.RecordRunAsync(new RunReport("growth", $"scheduled__{date:yyyy-MM-dd}", day == 10 ? RunState.Failed : RunState.Succeeded,
                $"{date:yyyy-MM-dd}", Instant.FromUtc(2026, 11, day, 7, 0), Records: 1000, Dropped: day == 20 ? 5 : 0), CancellationToken.None);
        }

        var answer = await bot.SayAsync("sla for growth last month");

        Assert.Equal("The SLA review of November 2026 for Growth: missed: availability, timeliness, data quality.", answer.Text);
        var card = answer.Card!;
        Assert.Equal(("sla", "SLA review: November 2026, Growth"), (card.Template, card.Data["title"]!.GetValue<string>()));
        var figures = card.Data["figures"]!.AsArray().Select(f => $"{f!["name"]}: {f["value"]}").ToList();
        Assert.Equal("Availability: ❌ 96.66% of 30 scheduled runs succeeded (target 99.5%)", figures[0]);
        Assert.Equal("Timeliness: ❌ 19 of 20 business days on time; 1 delay over 1 h, stakeholders told of 0", figures[1]);
        Assert.Equal("Data quality: ❌ 30 runs checked; 1 over the dropped-records limit", figures[2]);
        // The incidents opened when the runs were reported, on December 2: December's response, not November's.
        Assert.Equal("Incident response: ✅ no incidents", figures[3]);
        Assert.Equal(
            ["Nov 10 · Growth · availability: failed (INC-1)", "Nov 10 · Growth · timeliness: data 23 h late; stakeholders not told",
             "Nov 20 · Growth · data quality: run scheduled__2026-11-20: 0.5% of 1,000 records dropped (SLA ≤ 0.1%); null counts not reported (INC-2)"],
            card.Data["breaches"]!.AsArray().Select(b => b!["text"]!.GetValue<string>()).ToList());

        Assert.Equal("sla growth 2026-10", card.Data["buttons"]![0]!["text"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("sla january 2027", "January 2027 has not begun; I can review December 2026 so far, or any month before it.")]
    [InlineData("sla this month", "The SLA review of December 2026 (so far, through Dec 1): missed: availability, timeliness. No run was reported at all that month: orchestrators report runs to POST /api/runs (see the README).")]
    public async Task A_month_not_begun_is_refused_and_this_month_is_reviewed_so_far(string text, string expected)
    {
        await using var bot = await Bot.StartAsync(December2);

        Assert.Equal(expected, await bot.AskAsync(text));
    }
}
