using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PipelineBot.Infrastructure.Configuration;

public static class BotSettingsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="BotSettings"/> and each of its parts as singletons. The settings are loaded here, not on first
    /// use, so a bad catalog stops the start with a <see cref="CatalogException"/> instead of failing the first request.
    /// </summary>
    public static IServiceCollection AddBotSettings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        var settings = BotSettingsLoader.Load(configuration);
        services.AddSingleton(settings);
        services.AddSingleton(settings.Catalog);
        services.AddSingleton(settings.ShiftCalendar);
        services.AddSingleton(settings.RosterTimeline);
        services.AddSingleton(settings.HolidayCalendar);
        services.AddSingleton(settings.HolidaySettings);
        services.AddSingleton(settings.Trades);
        services.AddSingleton(settings.Sla);
        services.AddSingleton(settings.BusinessHours);
        services.AddSingleton(settings.Storage);
        return services;
    }
}
