using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PipelineBot.Conversation.Cards;

public static class CardServiceCollectionExtensions
{
    /// <summary>The templates of <c>cards/</c> beside the binary, loaded once, and the renderer every channel uses.</summary>
    public static IServiceCollection AddCards(this IServiceCollection services)
    {
        services.TryAddSingleton(_ => new CardTemplates(CardTemplates.DefaultFolder));
        services.TryAddSingleton<CardRenderer>();
        return services;
    }
}
