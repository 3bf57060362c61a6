using System.Net.Http.Headers;
using PipelineBot.Host.Channels.Delivery;
using Refit;

namespace PipelineBot.Host.Channels.Slack;

internal static class SlackClientsServiceCollectionExtensions
{
    /// <summary>
    /// The Web API's typed client (with the bot token when there is one) and the client of response URLs (the URL is
    /// the credential). They live as long as the singletons holding them, so their connections are recycled instead of
    /// their handlers.
    /// </summary>
    public static IServiceCollection AddSlackClients(this IServiceCollection services, SlackOptions options)
    {
        services.AddRefitGeneratedClient<ISlackMethods>(OutboundRefit.Settings(SlackJson.Default.Options))
            .ConfigureHttpClient(client =>
            {
                client.BaseAddress = options.ApiBaseUrl;
                if (options.CanSend)
                {
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.BotToken);
                }
            })
            .RecycleConnections()
            .AddOutboundResilience();
        services.AddTransient<SlackWebApi>();
        services.AddHttpClient<SlackResponder>()
            .RecycleConnections()
            .AddOutboundResilience();
        return services;
    }

    private static IHttpClientBuilder RecycleConnections(this IHttpClientBuilder builder) => builder
        .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
}
