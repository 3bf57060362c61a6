using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace PipelineBot.WebChat.Tests;

/// <summary>
/// End to end: the real bot, the real Web Chat bundle in Debian's chromium, a person picking who they are and typing.
/// Expected answers come from the bot's own API, not from constants, so the tests hold on any day.
/// </summary>
[Collection(DebianChromium.Collection)]
public sealed class WebChatPageTests
{
    static WebChatPageTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task A_member_asks_whos_on_call_and_sees_the_person_on_call_in_their_browsers_zone()
    {
        await using var bot = await RunningBot.StartAsync();
        var (playwright, browser) = await DebianChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var chat = await ChatPage.OpenAsync(await browser.NewPageAsync(new() { TimezoneId = "America/Chicago" }), bot.Address);
        await chat.BeAsync("jasmine");
        var onCall = (await bot.GetObjectAsync("/api/oncall"))["member"]!["name"]!.GetValue<string>();

        await chat.SayAsync("who's on call");

        await Expect(chat.BotMessages.Last).ToContainTextAsync(onCall);
        await Expect(chat.BotMessages.Last).ToContainTextAsync("America/Chicago");
    }

    [Fact]
    public async Task A_holiday_shift_offered_in_the_chat_is_accepted_by_the_other_member_on_the_card()
    {
        await using var bot = await RunningBot.StartAsync();
        var trade = await TradeCandidate.FindAsync(bot);
        var (playwright, browser) = await DebianChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var chat = await ChatPage.OpenAsync(await browser.NewPageAsync(), bot.Address);

        await chat.BeAsync(trade.Holder);
        await chat.SayAsync(trade.Message);
        await Expect(chat.BotMessages.Filter(new() { HasText = "can accept or decline it" })).ToHaveCountAsync(1);

        // The offer reaches the other member through the notice dispatcher and this channel: as the conversation
        // switches to them, it is shown (held if it arrived while nobody was reading as them).
        await chat.BeAsync(trade.Other);
        await chat.Button("Accept").ClickAsync();
        await Expect(chat.Button("Accept")).ToHaveCountAsync(0);

        var holidays = await bot.GetArrayAsync($"/api/holidays?year={trade.Year}");
        var after = holidays.Single(h => h!["date"]!.GetValue<string>() == trade.Date)!;
        Assert.Equal(trade.Other, after["member"]!.GetValue<string>());
    }

    [Fact]
    public async Task Switching_identity_loses_nothing_the_offer_waits_for_its_member_and_the_acceptance_for_the_proposer()
    {
        await using var bot = await RunningBot.StartAsync();
        var trade = await TradeCandidate.FindAsync(bot);
        var onCall = (await bot.GetObjectAsync("/api/oncall"))["member"]!["name"]!.GetValue<string>();
        var (playwright, browser) = await DebianChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var chat = await ChatPage.OpenAsync(await browser.NewPageAsync(), bot.Address);

        // As the tester did: be the member the offer will be for, then switch to the one who makes it.
        await chat.BeAsync(trade.Other);
        await chat.SayAsync("who's on call");
        await Expect(chat.BotMessages.Last).ToContainTextAsync(onCall);
        await chat.BeAsync(trade.Holder);
        await chat.SayAsync(trade.Message);
        await Expect(chat.BotMessages.Filter(new() { HasText = "can accept or decline it" })).ToHaveCountAsync(1);

        // Back to the first member: their conversation as they left it, and the offer card, once.
        await chat.BeAsync(trade.Other);
        await Expect(chat.UserMessages.Filter(new() { HasText = "who's on call" })).ToHaveCountAsync(1);
        await Expect(chat.Button("Accept")).ToHaveCountAsync(1);
        await chat.Button("Accept").ClickAsync();
        await Expect(chat.Button("Accept")).ToHaveCountAsync(0);

        // Back to the proposer: the acceptance, once.
        await chat.BeAsync(trade.Holder);
        await Expect(chat.UserMessages.Filter(new() { HasText = trade.Message })).ToHaveCountAsync(1);
        await Expect(chat.BotMessages.Filter(new() { HasText = $"{trade.OtherName} accepted" })).ToHaveCountAsync(1);
        var holidays = await bot.GetArrayAsync($"/api/holidays?year={trade.Year}");
        Assert.Equal(trade.Other, holidays.Single(h => h!["date"]!.GetValue<string>() == trade.Date)!["member"]!.GetValue<string>());
    }

    /// <summary>
    /// A trade the shipped plan allows: an upcoming published holiday shift, its holder, and another member who may take
    /// it under rule 1 (no one holds the same holiday twice within 4 years), either as a handover or, when every handover
    /// breaks the rule (4 people on a 4-year rule leave no room), as a swap for one of theirs.
    /// </summary>
    private sealed record TradeCandidate(string Holder, string Other, string OtherName, string Message, int Year, string Date)
    {
        private sealed record Held(string Name, DateOnly Date, string Member);

        public static async Task<TradeCandidate> FindAsync(RunningBot bot)
        {
            // The bot runs on the system clock here (its notice dispatcher must tick by itself), so its clock says what "upcoming" is.
            var today = DateOnly.FromDateTime(bot.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
            var plan = new List<Held>();
            for (var year = today.Year - 4; year <= today.Year + 4; year++)
            {
                foreach (var h in await bot.GetArrayAsync($"/api/holidays?year={year}"))
                {
                    if (h!["published"]!.GetValue<bool>() && h["member"]?.GetValue<string>() is { } member)
                    {
                        plan.Add(new Held(h["name"]!.GetValue<string>(), DateOnly.Parse(h["date"]!.GetValue<string>(), CultureInfo.InvariantCulture), member));
                    }
                }
            }

            var names = (await bot.GetArrayAsync("/webchat/members")).ToDictionary(m => m!["id"]!.GetValue<string>(), m => m!["name"]!.GetValue<string>());
            string First(string id) => names[id].Split(' ')[0];
            var people = plan.Select(p => p.Member).Distinct().Where(m => names.Values.Count(n => n.Split(' ')[0] == First(m)) == 1).Order(StringComparer.Ordinal).ToList();
            bool Clashes(string member, Held gets, params Held[] leaving) =>
                plan.Except(leaving).Any(p => p.Member == member && p.Name == gets.Name && Math.Abs(p.Date.Year - gets.Date.Year) < 4);
            string Phrase(Held h) => $"{h.Name} {h.Date.Year}";

            var upcoming = plan.Where(p => p.Date > today.AddDays(1)).OrderBy(p => p.Date).ToList();
            foreach (var offered in upcoming)
            {
                foreach (var other in people.Where(m => m != offered.Member && !Clashes(m, offered, offered)))
                {
                    return new TradeCandidate(offered.Member, other, names[other], $"trade my {Phrase(offered)} shift with {First(other)}", offered.Date.Year, Iso(offered.Date));
                }
            }

            foreach (var offered in upcoming)
            {
                foreach (var requested in upcoming.Where(r => r.Member != offered.Member && people.Contains(r.Member)))
                {
                    if (!Clashes(requested.Member, offered, offered, requested) && !Clashes(offered.Member, requested, offered, requested))
                    {
                        return new TradeCandidate(offered.Member, requested.Member, names[requested.Member], $"swap my {Phrase(offered)} for {First(requested.Member)}'s {Phrase(requested)}", offered.Date.Year, Iso(offered.Date));
                    }
                }
            }

            throw new InvalidOperationException("The shipped holiday plan allows no trade of an upcoming holiday shift under rule 1.");
        }

        private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
