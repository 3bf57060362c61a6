using System.Text.Json.Nodes;
using PipelineBot.Domain.Trades;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Conversation.Tests;

public sealed class TradeTests
{
    // With a one-year rule every hand-over passes rule 1, so the tests choose people freely; rule 1 has its own tests.
    private static readonly (string, string)[] OneYearRule = [("PipelineBot:Holidays:RuleYears", "1")];
    private static readonly string[] Team = ["jasmine", "miles", "jackson", "hudson"];

    private static string First(Bot bot, string memberId) => bot.Name(memberId).Split(' ')[0];

    private static JsonObject Offer(long id) => new() { ["offer"] = id };

    [Theory]
    [InlineData("trade my Christmas shift with {0}")]
    [InlineData("give my christmas shift to {0}")]
    [InlineData("hand over my Xmas 2026 to {0}")]
    [InlineData("Trade my Christmas Day 2026 shift with {0} please")]
    public async Task A_hand_over_by_message_is_offered_accepted_by_button_and_moves_the_shift(string phrasing)
    {
        await using var bot = await Bot.StartAsync(Bot.Saturday, OneYearRule);
        var holder = await bot.HolderAsync("Christmas Day", 2026);
        var receiver = Team.First(m => m != holder);
        var bystander = Team.First(m => m != holder && m != receiver);
        var place = new ChannelConversation("slack", "C-team", "channel");

        var proposed = await bot.SayAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, phrasing, First(bot, receiver)), holder, place: place);

        Assert.StartsWith($"Offer #1 sent to {bot.Name(receiver)}: {bot.Name(holder)} hands Christmas Day 2026 (2026-12-25) over to {bot.Name(receiver)}.", proposed.Text, StringComparison.Ordinal);
        Assert.Equal(("trade-offer", "trade:1", "open"), (proposed.Card!.Template, proposed.Card.Key, proposed.Card.Data["state"]!.GetValue<string>()));
        var notice = Assert.Single(await bot.ReadAsync(db => db.Notices.Where(n => n.Audience == receiver)));
        Assert.Equal(("trade:1", "slack|C-team"), (notice.CardKey, notice.Origin));

        var refused = await bot.ClickAsync(bystander, "trade.accept", Offer(1));
        Assert.StartsWith($"Nothing changed: This offer was made to {bot.Name(receiver)}; only they can accept it.", Assert.Single(refused.Replies).Text, StringComparison.Ordinal);
        Assert.Null(refused.UpdatedCard);
        Assert.Equal(holder, await bot.HolderAsync("Christmas Day", 2026));

        var accepted = await bot.ClickAsync(receiver, "trade.accept", Offer(1));
        Assert.StartsWith("Trade #1 done", Assert.Single(accepted.Replies).Text, StringComparison.Ordinal);
        Assert.Equal(("accepted", false), (accepted.UpdatedCard!.Data["state"]!.GetValue<string>(), accepted.UpdatedCard.Data["open"]!.GetValue<bool>()));
        Assert.Equal(receiver, await bot.HolderAsync("Christmas Day", 2026));
        Assert.Contains($"**{bot.Name(receiver)}** is on call (Christmas Day holiday shift)", await bot.AskAsync("who's on call on christmas"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_swap_by_message_exchanges_the_two_holidays_once_accepted_by_text()
    {
        await using var bot = await Bot.StartAsync(Bot.Saturday, OneYearRule);
        var proposer = await bot.HolderAsync("New Year's Day", 2027);
        var thanksgiving = (Year: 2026, Holder: await bot.HolderAsync("Thanksgiving", 2026));
        while (thanksgiving.Holder == proposer)
        {
            thanksgiving = (thanksgiving.Year + 1, await bot.HolderAsync("Thanksgiving", thanksgiving.Year + 1));
        }


        var proposed = await bot.AskAsync($"swap my New Year's Day 2027 for {First(bot, thanksgiving.Holder)}'s Thanksgiving", proposer);
        Assert.StartsWith($"Offer #1 sent to {bot.Name(thanksgiving.Holder)}: {bot.Name(proposer)}'s New Year's Day 2027 (2027-01-01) for {bot.Name(thanksgiving.Holder)}'s Thanksgiving {thanksgiving.Year}", proposed, StringComparison.Ordinal);

        var accepted = await bot.AskAsync("accept trade 1", thanksgiving.Holder);

        Assert.StartsWith("Trade #1 done", accepted, StringComparison.Ordinal);
        Assert.Equal((thanksgiving.Holder, proposer), (await bot.HolderAsync("New Year's Day", 2027), await bot.HolderAsync("Thanksgiving", thanksgiving.Year)));
    }

    [Theory]
    [InlineData("trade my shift on 2026-12-02 with Miles")]
    [InlineData("trade my shift tomorrow with miles")]
    [InlineData("give my Dec 9 shift to Miles")]
    public async Task Trading_an_ordinary_shift_is_refused_with_the_policy(string text)
    {
        await using var bot = await Bot.StartAsync();

        var answer = await bot.AskAsync(text, "jasmine");

        Assert.StartsWith("I can't offer that trade:", answer, StringComparison.Ordinal);
        Assert.Contains(TradePolicy.Text, answer, StringComparison.Ordinal);
        Assert.Empty(await bot.ReadAsync(db => db.TradeOffers));
    }

    [Fact]
    public async Task A_trade_without_a_shift_asks_which_holiday_and_quotes_the_policy()
    {
        await using var bot = await Bot.StartAsync();

        var answer = await bot.AskAsync("trade my shift with Miles");

        Assert.StartsWith("Which holiday shift?", answer, StringComparison.Ordinal);
        Assert.Contains(TradePolicy.Text, answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_from_the_rules_names_people_by_name()
    {
        await using var bot = await Bot.StartAsync();
        var holder = await bot.HolderAsync("Christmas Day", 2026);
        var other = Team.First(m => m != holder);

        // "Christmas 2026" with the year given: the other person does not hold it.
        var answer = await bot.AskAsync($"trade my Christmas 2026 shift with {First(bot, holder)}", other);

        Assert.Equal($"I can't offer that trade: Christmas Day 2026 (2026-12-25) is not {bot.Name(other)}'s to trade; {bot.Name(holder)} holds it.", answer);
    }

    [Fact]
    public async Task An_unknown_person_is_answered_with_the_nearest_names()
    {
        await using var bot = await Bot.StartAsync();

        Assert.Equal("I don't know anyone called 'bob'.", await bot.AskAsync("trade my christmas shift with Bob"));
        Assert.Equal("I don't know anyone called 'jack'. Did you mean: Jackson Long?", await bot.AskAsync("trade my christmas shift with Jack"));
    }

    [Fact]
    public async Task Decline_and_withdraw_are_for_the_counterparty_and_the_proposer_only()
    {
        await using var bot = await Bot.StartAsync(Bot.Saturday, OneYearRule);
        var holder = await bot.HolderAsync("Christmas Day", 2026);
        var receiver = Team.First(m => m != holder);
        await bot.AskAsync($"trade my Christmas shift with {First(bot, receiver)}", holder);
        await bot.AskAsync($"trade my Christmas shift with {First(bot, Team.First(m => m != holder && m != receiver))}", holder);

        var wrongDecline = await bot.ClickAsync(holder, "trade.decline", Offer(1));
        var declined = await bot.ClickAsync(receiver, "trade.decline", Offer(1));
        var wrongWithdraw = await bot.ClickAsync(receiver, "trade.withdraw", Offer(2));
        var withdrawn = await bot.AskAsync("withdraw trade 2", holder);

        Assert.Equal($"Nothing changed: Only {bot.Name(receiver)} can decline trade offer #1.", Assert.Single(wrongDecline.Replies).Text);
        Assert.Equal("declined", declined.UpdatedCard!.Data["state"]!.GetValue<string>());
        Assert.Equal($"Nothing changed: Only {bot.Name(holder)} can withdraw trade offer #2.", Assert.Single(wrongWithdraw.Replies).Text);
        Assert.Equal("Trade offer #2 withdrawn.", withdrawn);
        Assert.Equal(holder, await bot.HolderAsync("Christmas Day", 2026));
    }

    [Fact]
    public async Task A_click_on_a_closed_offer_redraws_its_card_without_buttons()
    {
        await using var bot = await Bot.StartAsync(Bot.Saturday, OneYearRule);
        var holder = await bot.HolderAsync("Christmas Day", 2026);
        var receiver = Team.First(m => m != holder);
        await bot.AskAsync($"trade my Christmas shift with {First(bot, receiver)}", holder);
        await bot.ClickAsync(receiver, "trade.decline", Offer(1));

        var late = await bot.ClickAsync(receiver, "trade.accept", Offer(1));

        Assert.StartsWith("Nothing changed:", Assert.Single(late.Replies).Text, StringComparison.Ordinal);
        Assert.Equal(("declined", false), (late.UpdatedCard!.Data["state"]!.GetValue<string>(), late.UpdatedCard.Data["open"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task The_card_of_an_offer_follows_its_state_and_an_unknown_key_is_none()
    {
        await using var bot = await Bot.StartAsync(Bot.Saturday, OneYearRule);
        var holder = await bot.HolderAsync("Christmas Day", 2026);
        await bot.AskAsync($"trade my Christmas shift with {First(bot, Team.First(m => m != holder))}", holder);

        var open = await bot.Conversation.CardAsync("trade:1", CancellationToken.None);
        bot.Time.Advance(TimeSpan.FromDays(8));
        var lapsed = await bot.Conversation.CardAsync("trade:1", CancellationToken.None);

        Assert.Equal(("open", true), (open!.Data["state"]!.GetValue<string>(), open.Data["open"]!.GetValue<bool>()));
        Assert.Equal(("expired", false), (lapsed!.Data["state"]!.GetValue<string>(), lapsed.Data["open"]!.GetValue<bool>()));
        Assert.Null(await bot.Conversation.CardAsync("trade:99", CancellationToken.None));
        Assert.Null(await bot.Conversation.CardAsync("incident:1", CancellationToken.None));
    }

    [Fact]
    public async Task Accept_without_a_number_lists_the_speakers_open_offers()
    {
        await using var bot = await Bot.StartAsync(Bot.Saturday, OneYearRule);
        var holder = await bot.HolderAsync("Christmas Day", 2026);
        var receiver = Team.First(m => m != holder);
        await bot.AskAsync($"trade my Christmas shift with {First(bot, receiver)}", holder);

        var answer = await bot.AskAsync("accept", receiver);

        Assert.Contains("- #1: ", answer, StringComparison.Ordinal);
        Assert.Equal("There is no trade offer #99.", (await bot.AskAsync("accept trade 99", receiver)).Replace("Nothing changed: ", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stranger_cannot_trade_or_click_and_is_told_why()
    {
        await using var bot = await Bot.StartAsync();

        var typed = await bot.AskAsync("trade my Christmas shift with Miles", memberId: null);
        var clicked = await bot.Conversation.HandleButtonAsync(
            new ButtonTurn(bot.Speaker(null), Bot.Personal, "trade.accept", Offer(1)), CancellationToken.None);

        Assert.StartsWith("I don't know who you are", typed, StringComparison.Ordinal);
        Assert.StartsWith("I don't know who you are", Assert.Single(clicked.Replies).Text, StringComparison.Ordinal);
        Assert.Empty(await bot.ReadAsync(db => db.TradeOffers));
    }
}
