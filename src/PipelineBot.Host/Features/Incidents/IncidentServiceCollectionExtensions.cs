using PipelineBot.Host.Channels.Delivery;
using PipelineBot.Infrastructure;
using PipelineBot.Infrastructure.Airflow;
using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Host.Features.Incidents;

public static class IncidentServiceCollectionExtensions
{
    /// <summary>
    /// Incidents with their clocks and reruns (<see cref="PipelineBotServiceCollectionExtensions.AddIncidents"/>), the
    /// signed intake's secret, and the outbound retry on Airflow calls (429/5xx with Retry-After, as every channel's
    /// calls).
    /// </summary>
    public static IServiceCollection AddIncidentIntake(this IServiceCollection services, IConfiguration configuration)
    {
        // Nothing to check but the keys: a misspelt WebhookSecret would leave intake refusing every alert.
        services.AddCheckedOptions<AlertsOptions>(configuration, AlertsOptions.SectionName, static (_, _) => { });
        services.AddIncidents(configuration);
        services.AddAirflowClient().AddOutboundResilience();
        return services;
    }
}
