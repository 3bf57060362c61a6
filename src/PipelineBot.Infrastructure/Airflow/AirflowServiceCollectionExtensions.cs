using Microsoft.Extensions.DependencyInjection;

namespace PipelineBot.Infrastructure.Airflow;

public static class AirflowServiceCollectionExtensions
{
    /// <summary>
    /// One <see cref="AirflowClient"/> for the whole app, so its Airflow 3 token is shared, on an HttpClient from the
    /// factory. Returns the client's builder, for the Host to add its retry handler. Bind <see cref="AirflowOptions"/>
    /// from <see cref="AirflowOptions.Section"/> and register a <see cref="TimeProvider"/> beside it.
    /// </summary>
    public static IHttpClientBuilder AddAirflowClient(this IServiceCollection services)
    {
        var builder = services.AddHttpClient<AirflowClient>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<AirflowClient>(
            sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(builder.Name)));
        return builder;
    }
}
