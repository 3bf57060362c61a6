using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Conversation.Commands;

namespace PipelineBot.Conversation.Tests.Cards;

/// <summary>A button the core does not know would be a dead button in every channel.</summary>
public sealed class EveryVerbHasAHandlerTests
{
    [Fact]
    public async Task Every_verb_in_the_shipped_cards_is_registered_with_a_handler_the_core_can_build()
    {
        await using var bot = await Bot.StartAsync();
        var registry = bot.Services.GetServices<ButtonRegistration>().ToDictionary(b => b.Verb, b => b.Handler);

        Assert.NotEmpty(RepositoryCardsTests.Verbs);
        Assert.All(RepositoryCardsTests.Verbs, verb =>
        {
            Assert.True(registry.TryGetValue(verb, out var handler), $"no handler is registered for the verb '{verb}'");
            Assert.IsAssignableFrom<IButtonHandler>(bot.Services.GetRequiredService(handler));
        });
        Assert.Equal(registry.Keys.Order(), bot.Conversation.Verbs.Order());
    }
}
