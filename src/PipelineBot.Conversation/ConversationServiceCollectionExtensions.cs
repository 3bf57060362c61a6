using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PipelineBot.Conversation.Answers;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Conversation;

public static class ConversationServiceCollectionExtensions
{
    /// <summary>The one conversation core (<see cref="IConversation"/>) and what it reads with. Call after <c>AddBotSettings</c> and <c>AddRotation</c>.</summary>
    public static IServiceCollection AddConversation(this IServiceCollection services)
    {
        services.TryAddSingleton<CatalogNames>();
        services.TryAddSingleton(sp => new DatePhrases(sp.GetRequiredService<CatalogNames>().Holidays));
        services.TryAddSingleton(sp => new RunbookSearch(sp.GetRequiredService<BotSettings>().Catalog));
        services.TryAddSingleton<OnCallAnswers>();
        services.TryAddSingleton<PipelineAnswers>();
        services.TryAddSingleton<ShiftAnswers>();
        services.TryAddSingleton<TradeAnswers>();
        services.TryAddSingleton<AlertChannelAnswers>();
        services.TryAddSingleton<IConversation, ConversationCore>();
        return services;
    }
}
