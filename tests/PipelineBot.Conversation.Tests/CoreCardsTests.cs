using System.Text.Json.Nodes;
using PipelineBot.Conversation.Cards;
using PipelineBot.Conversation.Tests.Cards;
using PipelineBot.Testing;

namespace PipelineBot.Conversation.Tests;

/// <summary>The cards the core sends, with its real data, through the real renderer: the templates and the code agree.</summary>
public sealed class CoreCardsTests
{
    private static readonly (string, string)[] OneYearRule = [("PipelineBot:Holidays:RuleYears", "1")];
    private static readonly string[] Team = ["jasmine", "miles", "jackson", "hudson"];

    [Fact]
    public async Task Every_button_verb_in_the_card_templates_has_a_handler_in_the_core()
    {
        await using var bot = await Bot.StartAsync();

        Assert.NotEmpty(RepositoryCardsTests.Verbs);
        Assert.Subset(bot.Conversation.Verbs.ToHashSet(), RepositoryCardsTests.Verbs.ToHashSet());
    }

    [Fact]
    public async Task The_help_card_and_a_trade_card_in_each_state_render_as_valid_adaptive_cards_and_slack_blocks()
    {
        await using var bot = await Bot.StartAsync(Bot.Saturday, OneYearRule);
        var renderer = new CardRenderer(new CardTemplates(CardTemplates.DefaultFolder));
        var holder = await bot.HolderAsync("Christmas Day", 2026);
        var receiver = Team.First(m => m != holder);
        var offered = await bot.SayAsync($"give my christmas shift to {receiver}", holder);
        var accepted = await bot.ClickAsync(receiver, "trade.accept", new JsonObject { ["offer"] = 1 });
        Assert.True(offered.Card is not null, offered.Text);
        Assert.True(accepted.UpdatedCard is not null, accepted.Replies[0].Text);
        var cards = new[] { (await bot.SayAsync("help")).Card!, offered.Card, accepted.UpdatedCard };

        foreach (var card in cards)
        {
            Assert.Empty(AdaptiveCardSchema.Errors(renderer.Render(card, ButtonStyle.Execute, TestCards.Reader)));
            Assert.NotEmpty(renderer.RenderBlocks(card, TestCards.Reader));
        }

        Assert.Equal(3, Buttons(renderer.Render(offered.Card!, ButtonStyle.Execute, TestCards.Reader)).Count);
        Assert.Empty(Buttons(renderer.Render(accepted.UpdatedCard!, ButtonStyle.Execute, TestCards.Reader)));
        Assert.Contains($"Accepted by {bot.Name(receiver)}", renderer.Render(accepted.UpdatedCard!, ButtonStyle.Execute, TestCards.Reader).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_offer_cards_buttons_carry_the_offer_id_the_core_reads_back()
    {
        await using var bot = await Bot.StartAsync(Bot.Saturday, OneYearRule);
        var renderer = new CardRenderer(new CardTemplates(CardTemplates.DefaultFolder));
        var holder = await bot.HolderAsync("Christmas Day", 2026);
        var receiver = Team.First(m => m != holder);
        var offered = await bot.SayAsync($"give my christmas shift to {receiver}", holder);

        var accept = Buttons(renderer.Render(offered.Card!, ButtonStyle.Execute, TestCards.Reader)).Single(b => b["verb"]!.GetValue<string>() == "trade.accept");
        var clicked = await bot.ClickAsync(receiver, "trade.accept", accept["data"]!.AsObject().DeepClone().AsObject());

        Assert.StartsWith("Trade #1 done", Assert.Single(clicked.Replies).Text, StringComparison.Ordinal);
    }

    private static List<JsonObject> Buttons(JsonObject card) =>
        [.. (card["actions"] as JsonArray ?? []).OfType<JsonObject>().Where(a => a["type"]!.GetValue<string>() == "Action.Execute")];
}
