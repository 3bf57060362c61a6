using System.Text.Json.Nodes;

namespace PipelineBot.Host.Tests.WebChat;

/// <summary>One answer per click: what the clicker is told by the click's reply is not told again as a notice.</summary>
public sealed class OneAnswerTests
{
    private static readonly string[] Rotation = ["jasmine", "miles", "jackson", "hudson"];

    [Fact]
    public async Task Accepting_an_offer_on_its_card_tells_the_acceptor_once_and_the_proposer_once()
    {
        await using var bot = await WebChatBot.StartWithRealCoreAsync("PipelineBot:Holidays:RuleYears=1");
        var holder = await bot.Server.HolderAsync("Christmas Day", 2026);
        var receiver = Rotation.First(m => m != holder);
        var proposer = await bot.StartConversationAsync(holder);
        var acceptor = await bot.StartConversationAsync(receiver);
        await bot.ActivitiesAsync(acceptor);

        await bot.PostActivityAsync(proposer, new { type = "message", text = $"give my christmas shift to {receiver}" });
        await bot.Server.DeliverAllAsync();
        var offer = (await bot.ActivitiesAsync(acceptor))["activities"]!.AsArray().Single(a => a!["attachments"] is not null)!;
        var accept = offer["attachments"]![0]!["content"]!["actions"]!.AsArray().Single(a => a!["title"]!.GetValue<string>() == "Accept")!;
        await bot.PostActivityAsync(acceptor, new { type = "message", value = accept["data"]!.DeepClone() });
        await bot.Server.DeliverAllAsync();

        Assert.Single(await TextsAsync(bot, acceptor), t => t.Contains("Trade #1 done", StringComparison.Ordinal));
        Assert.Single(await TextsAsync(bot, proposer), t => t.Contains("accepted your trade #1", StringComparison.Ordinal));
    }

    private static async Task<List<string>> TextsAsync(WebChatBot bot, JsonObject conversation) =>
        [.. (await bot.ActivitiesAsync(conversation))["activities"]!.AsArray()
            .Where(a => a!["from"]!["role"]!.GetValue<string>() == "bot" && a["text"] is not null)
            .Select(a => a!["text"]!.GetValue<string>())];
}
