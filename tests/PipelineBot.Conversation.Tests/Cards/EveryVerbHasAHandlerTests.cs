namespace PipelineBot.Conversation.Tests.Cards;

/// <summary>A button the core does not know would be a dead button in every channel.</summary>
public sealed class EveryVerbHasAHandlerTests
{
    [Fact]
    public async Task Every_verb_in_the_shipped_cards_is_handled_by_the_core()
    {
        await using var bot = await Bot.StartAsync();

        Assert.NotEmpty(RepositoryCardsTests.Verbs);
        Assert.All(RepositoryCardsTests.Verbs, verb => Assert.Contains(verb, bot.Conversation.Verbs));
    }
}
