using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PipelineBot.Conversation.Answers;
using PipelineBot.Conversation.Cards;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Conversation;

public static class ConversationServiceCollectionExtensions
{
    /// <summary>
    /// The one conversation core (<see cref="IConversation"/>), what it reads with, and the card renderer the channels
    /// draw its cards with. Call after <c>AddBotSettings</c>, <c>AddRotation</c> and <c>AddIncidents</c>.
    /// </summary>
    public static IServiceCollection AddConversation(this IServiceCollection services)
    {
        services.TryAddSingleton<CatalogNames>();
        services.TryAddSingleton(sp => new DatePhrases(sp.GetRequiredService<CatalogNames>().Holidays));
        services.TryAddSingleton(sp => new RunbookSearch(sp.GetRequiredService<BotSettings>().Catalog));
        services.TryAddSingleton<OnCallAnswers>();
        services.TryAddSingleton<PipelineStatus>();
        services.TryAddSingleton<PipelineAnswers>();
        services.TryAddSingleton<IncidentCard>();
        services.TryAddSingleton<IncidentAnswers>();
        services.TryAddSingleton<ShiftAnswers>();
        services.TryAddSingleton<TradeAnswers>();
        services.TryAddSingleton<AlertChannelAnswers>();
        services.TryAddSingleton<IConversation, ConversationCore>();
        return services.AddCards();
    }
}
