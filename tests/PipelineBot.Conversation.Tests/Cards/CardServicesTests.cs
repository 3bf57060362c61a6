using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Conversation.Cards;

namespace PipelineBot.Conversation.Tests.Cards;

public sealed class CardServicesTests
{
    [Fact]
    public void Add_cards_gives_one_renderer_over_the_templates_beside_the_binary()
    {
        using var services = new ServiceCollection().AddCards().BuildServiceProvider();

        Assert.Same(services.GetRequiredService<CardRenderer>(), services.GetRequiredService<CardRenderer>());
        Assert.Equal(CardTemplates.DefaultFolder, services.GetRequiredService<CardTemplates>().Folder);
    }
}
