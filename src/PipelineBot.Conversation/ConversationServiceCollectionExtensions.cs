using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PipelineBot.Conversation.Answers;
using PipelineBot.Conversation.Cards;
using PipelineBot.Conversation.Commands;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Conversation.Notices;
using PipelineBot.Domain.Catalog;
using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Conversation;

public static class ConversationServiceCollectionExtensions
{
    /// <summary>
    /// The one conversation core (<see cref="IConversation"/>), its commands and button verbs, what it reads with, and the
    /// card renderer the channels draw its cards with. Call after <c>AddBotOptions</c>, <c>AddRotation</c> and
    /// <c>AddIncidents</c>.
    /// </summary>
    public static IServiceCollection AddConversation(this IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(ConversationCore)))
        {
            return services;
        }

        services.TryAddSingleton<CatalogNames>();
        services.TryAddSingleton(sp => new Understanding(sp.GetRequiredService<CatalogNames>(), sp.GetServices<CommandRegistration>().Select(c => c.Spec)));
        services.TryAddSingleton(sp => new RunbookSearch(sp.GetRequiredService<Catalog>()));
        services.TryAddSingleton<OnCallAnswers>();
        services.TryAddSingleton<PipelineStatus>();
        services.TryAddSingleton<PipelineAnswers>();
        services.TryAddSingleton<IncidentCard>();
        services.TryAddSingleton<NoticeWording>();
        services.TryAddSingleton<ShiftAnswers>();
        services.TryAddSingleton<AlertChannelAnswers>();
        services.TryAddSingleton<HelpAnswers>();
        services.TryAddSingleton<SlaAnswers>();
        services.TryAddSingleton<CalendarAnswers>();
        services.TryAddSingleton<WebAnswers>();
        services.TryAddSingleton<LogAnswers>();
        services.TryAddSingleton<OperationAnswers>();

        // The order help lists the commands in, and the order that settles a tie of scores.
        services
            .AddCommand<WhoIsOnCall>()
            .AddCommand<MyShifts>()
            .AddCommand<Status>()
            .AddCommand<History>()
            .AddCommand<Owners>()
            .AddCommand<Incidents>()
            .AddCommand<ShowIncident>()
            .AddCommand<Acknowledge>()
            .AddCommand<Resolve>()
            .AddCommand<Rerun>()
            .AddCommand<Logs>()
            .AddCommand<Escalate>()
            .AddCommand<Backfill>()
            .AddCommand<Rebuild>()
            .AddCommand<Runbook>()
            .AddCommand<Pipelines>()
            .AddCommand<SlaReport>()
            .AddCommand<MyHolidays>()
            .AddCommand<Holidays>()
            .AddCommand<HolidayHolder>()
            .AddCommand<CalendarLink>()
            .AddCommand<Trade>()
            .AddCommand<TradeAnswer>()
            .AddCommand<AlertChannel>()
            .AddCommand<Web>()
            .AddCommand<Help>()
            .AddCommand<SmallTalk>();
        services
            .AddButtons<SayButton>()
            .AddButtons<TradeAnswers>()
            .AddButtons<HandoffAnswers>()
            .AddButtons<IncidentAnswers>()
            .AddButtons<OperationAnswers>();

        services.TryAddSingleton<ConversationCore>();
        services.TryAddSingleton<IConversation>(sp => sp.GetRequiredService<ConversationCore>());
        return services.AddCards();
    }
}
