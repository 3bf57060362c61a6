using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Holidays;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Infrastructure.Rotation;
using PipelineBot.Infrastructure.Trades;

namespace PipelineBot.Infrastructure;

public static class PipelineBotServiceCollectionExtensions
{
    /// <summary>Storage, the rotation services and their background chores. Call after <c>AddBotOptions</c>.</summary>
    public static IServiceCollection AddRotation(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorage();
        services.AddSingleton<StorageReadiness>();
        services.AddHealthChecks().AddCheck<StorageReadiness>("storage", tags: [StorageReadiness.Tag]);
        services.AddSingleton<WriteGate>();
        services.AddSingleton<ScheduleService>();
        services.AddSingleton<OverrideService>();
        services.AddSingleton<TradeService>();
        services.AddSingleton<Channels.ChannelDirectory>();
        services.AddSingleton<Channels.InboundKeys>();
        services.AddSingleton<HolidayPublisher>();
        services.AddHostedService<PlanMaintenanceService>();
        services.AddSingleton<Rotation.HandoffService>();
        services.AddSingleton<Rotation.CalendarLinks>();
        services.AddSingleton<Web.WebSignIn>();
        services.AddHostedService(sp => sp.GetRequiredService<Rotation.HandoffService>());
        return services;
    }

    /// <summary>
    /// Incidents, their clocks and reruns, and the Airflow settings (section <c>PipelineBot:Airflow</c>: settings that
    /// are set but wrong stop the start with the key named; unset, reruns answer with what to set). Call after
    /// <c>AddRotation</c>, with <see cref="Airflow.AirflowServiceCollectionExtensions.AddAirflowClient"/>.
    /// </summary>
    public static IServiceCollection AddIncidents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<Airflow.AirflowOptions>(configuration, Airflow.AirflowOptions.Section, (reader, airflow) =>
        {
            foreach (var problem in Airflow.AirflowOptions.Problems(airflow))
            {
                reader.Problem(problem);
            }
        });
        services.AddSingleton<Incidents.IncidentService>();
        services.AddSingleton<Incidents.IncidentClocks>();
        services.AddSingleton<Incidents.RerunService>();
        services.AddSingleton<Operations.OperationService>();
        services.AddSingleton<Incidents.IncidentSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<Incidents.IncidentSweeper>());
        services.AddSingleton<Sla.SlaReviewService>();
        services.AddHostedService(sp => sp.GetRequiredService<Sla.SlaReviewService>());
        return services;
    }

    /// <summary>
    /// Brings the database up to date, after which the instance is ready (<c>/readyz</c>). The holiday plan is published
    /// by <see cref="PlanMaintenanceService"/>'s first pass; until then answers come from the planner's preview, which is
    /// what publishing stores.
    /// </summary>
    public static async Task MigrateStorageAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await services.GetRequiredService<IDbContextFactory<PipelineBotDbContext>>().MigrateAsync(cancellationToken);
        services.GetRequiredService<StorageReadiness>().Prepared();
    }

    /// <summary>Migrates and publishes the holiday plan at once, for callers that read the stored plan straight away (tests, tools).</summary>
    public static async Task PrepareStorageAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await services.MigrateStorageAsync(cancellationToken);
        await services.GetRequiredService<HolidayPublisher>().PublishAsync(cancellationToken);
    }
}
