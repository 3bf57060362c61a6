using Microsoft.EntityFrameworkCore;
using PipelineBot.Domain.Trades;
using PipelineBot.Host.Tests.Slack;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.Cluster;

/// <summary>
/// Holiday shift trades said in Slack DMs to three bot processes on one PostgreSQL database: people who accept offers of
/// the same shift at the same moment, each on another instance, make one trade, and the others are told it is gone.
/// </summary>
public sealed class TradeRaceTests
{
    // Each round is one race, of three acceptances: with the guard switched off, a race of two overlapped in only about
    // a third of the rounds here (one was often done before the other began), a race of three in most. A few rounds, so
    // that a lucky ordering cannot pass for the guard.
    private const int Rounds = 5;

    // The team of the shipped catalog as Slack knows them; the bot finds each member by their email.
    private static readonly Person[] Team =
    [
        new("jasmine", "Jasmine Glancy", "U00FAKEUSER1", "jasmine.glancy@example.com"),
        new("miles", "Miles Lopez", "U00FAKEUSER2", "miles.lopez@example.com"),
        new("jackson", "Jackson Long", "U00FAKEUSER3", "jackson.long@example.com"),
        new("hudson", "Hudson King", "U00FAKEUSER4", "hudson.king@example.com"),
    ];

    [Fact]
    public async Task Acceptances_of_one_holiday_shift_at_the_same_moment_on_three_instances_make_one_trade()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        foreach (var person in Team)
        {
            slack.AddUser(person.SlackId, person.Email, person.Name, "UTC");
        }

        var database = await (await PostgresServer.StartedAsync()).CreateDatabaseAsync();
        var settings = ClusterTests.Settings(database, slack);

        // Under the four-year rule each holiday passes through the four of the team in turn, so no hand-over would pass
        // rule 1; with one year anyone may take the shift, and only the race decides who gets it.
        settings["PipelineBot__Holidays__RuleYears"] = "1";
        await using var first = await BotProcess.StartAsync(settings);
        await using var second = await BotProcess.StartAsync(settings);
        await using var third = await BotProcess.StartAsync(settings);
        BotProcess[] bots = [first, second, third];
        await using var db = ClusterTests.Context(database);

        // The shift raced for: the next holiday, a few days off so that it cannot start (and its offers expire) during
        // the test, once an instance has published the plan.
        var soonest = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3);
        HolidayAssignmentRow? slot = null;
        await Eventually.HoldsAsync(async () =>
            (slot = await db.HolidayAssignments.AsNoTracking().Where(h => h.Date >= soonest).OrderBy(h => h.Date).FirstOrDefaultAsync()) is not null);
        var (holiday, year) = (slot!.Holiday, slot.Year);
        async Task<string> HolderAsync() =>
            (await db.HolidayAssignments.AsNoTracking().SingleAsync(h => h.Holiday == holiday && h.Year == year)).MemberId;

        var trades = new List<(long Won, long[] Lost)>();
        for (var round = 0; round < Rounds; round++)
        {
            // Whoever holds the shift now offers it to each of the other three, as a person would, in their DM with the bot.
            var holding = await HolderAsync();
            var holder = Team.Single(p => p.Member == holding);
            var rivals = Team.Where(p => p != holder).ToArray();
            foreach (var to in rivals)
            {
                var since = slack.Calls.Count;
                using var offer = Say(holder, $"give my {holiday} {year} shift to {to.FirstName}");
                using var sent = await bots[round % bots.Length].Client.SendAsync(offer);
                sent.EnsureSuccessStatusCode();
                Assert.StartsWith("Offer #", await AnswerAsync(slack, holder, since, "Offer #", "I can't"), StringComparison.Ordinal);
            }

            var offers = await db.TradeOffers.AsNoTracking().Where(t => t.State == nameof(TradeState.Open)).ToDictionaryAsync(t => t.CounterpartyId, t => t.Id);
            Assert.Equal(rivals.Length, offers.Count);

            // All three accept at the same moment, each on another instance.
            var raced = slack.Calls.Count;
            var accepts = rivals.Select(p => Say(p, $"accept trade {offers[p.Member]}")).ToArray();
            var acks = await Task.WhenAll(accepts.Select((accept, i) => bots[(round + i) % bots.Length].Client.SendAsync(accept)));
            foreach (var (accept, ack) in accepts.Zip(acks))
            {
                using (accept)
                using (ack)
                {
                    ack.EnsureSuccessStatusCode();
                }
            }

            // One is told the trade is done, the others that nothing changed: their offer is gone, or the shift is no
            // longer the holder's, depending on how far each had read when the winner committed.
            var answers = await Task.WhenAll(rivals.Select(p => AnswerAsync(slack, p, raced, "Trade #", "Nothing changed:")));
            var done = Assert.Single(answers, t => t.StartsWith("Trade #", StringComparison.Ordinal));
            Assert.All(answers.Where(t => t != done), t => Assert.Matches("^Nothing changed: (This offer is gone|.+ is not .+'s to trade; .+ holds it)", t));
            var winner = rivals[Array.IndexOf(answers, done)];

            // The database agrees: the shift moved once, to the winner; the winner's offer is accepted, the others gone.
            Assert.Equal(winner.Member, await HolderAsync());
            var states = await db.TradeOffers.AsNoTracking().Where(t => offers.Values.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.State);
            Assert.All(offers, o => Assert.Equal(o.Key == winner.Member ? nameof(TradeState.Accepted) : nameof(TradeState.Gone), states[o.Value]));
            trades.Add((offers[winner.Member], [.. offers.Where(o => o.Key != winner.Member).Select(o => o.Value)]));
        }

        // One trade per round, and the proposer is told of each once, whichever instance delivers the notices.
        var accepted = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "trade-accepted").Select(e => e.Subject).ToListAsync();
        Assert.Equal(trades.Select(t => $"trade:{t.Won}").Order(), accepted.Order());
        await Eventually.HoldsAsync(async () => !await db.Notices.AnyAsync(n => n.DeliveredAt == null));
        var posts = slack.Calls.Where(c => c.Method == "chat.postMessage").Select(Said).ToList();
        foreach (var (won, lost) in trades)
        {
            Assert.Single(posts, p => p.StartsWith($"Trade #{won} done", StringComparison.Ordinal));
            Assert.Single(posts, p => p.Contains($"accepted your trade #{won}:", StringComparison.Ordinal));
            Assert.DoesNotContain(posts, p => lost.Any(l => p.Contains($"#{l} done", StringComparison.Ordinal) || p.Contains($"accepted your trade #{l}:", StringComparison.Ordinal)));
        }
    }

    /// <summary>A message from <paramref name="person"/> in their DM with the bot, signed as Slack signs it.</summary>
    private static HttpRequestMessage Say(Person person, string text) =>
        SlackRequests.Event(SlackRequests.DirectMessage(person.SlackId, person.Channel, text), DateTimeOffset.UtcNow);

    /// <summary>
    /// The bot's answer in <paramref name="person"/>'s DM, posted after the first <paramref name="since"/> calls: the first
    /// post there that starts as one of its answers can (notices, worded otherwise, may arrive there at any time).
    /// </summary>
    private static async Task<string> AnswerAsync(FakeSlackApi slack, Person person, int since, params string[] starts)
    {
        List<string> Posted() => [.. slack.Calls.Skip(since)
            .Where(c => c.Method == "chat.postMessage" && c.Body["channel"]?.GetValue<string>() == person.Channel)
            .Select(Said)];
        string? answer = null;
        try
        {
            await Eventually.HoldsAsync(() => (answer = Posted().FirstOrDefault(t => starts.Any(s => t.StartsWith(s, StringComparison.Ordinal)))) is not null);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"No answer to {person.Member} starting with {string.Join(" or ", starts)}; posted there: {string.Join(" | ", Posted())}", e);
        }

        return answer!;
    }

    /// <summary>What a post says: with a card, the words are the first block above it (the text is the card's summary).</summary>
    private static string Said(SlackCall post) =>
        post.Body["blocks"]?[0]?["text"]?["text"]?.GetValue<string>() ?? post.Body["text"]?.GetValue<string>() ?? "";

    private sealed record Person(string Member, string Name, string SlackId, string Email)
    {
        public string FirstName => Name.Split(' ')[0];

        /// <summary>Their DM with the bot: the channel conversations.open gives the fake, so answers and notices meet there.</summary>
        public string Channel => "D0" + SlackId;
    }
}
