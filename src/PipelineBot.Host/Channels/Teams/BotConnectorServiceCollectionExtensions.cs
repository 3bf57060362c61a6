using System.Text.Json;
using Microsoft.Extensions.Options;
using PipelineBot.Host.Channels.Delivery;
using Refit;

namespace PipelineBot.Host.Channels.Teams;

public static class BotConnectorServiceCollectionExtensions
{
    /// <summary>
    /// The typed clients of the Bot Connector and of the token endpoint, with the one <see cref="BotTokenSource"/> whose
    /// token every Connector call carries. The token is added outside the retry, so the tries of one call share it.
    /// </summary>
    public static IServiceCollection AddBotConnector(this IServiceCollection services)
    {
        var settings = OutboundRefit.Settings(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        services.AddRefitGeneratedClient<IBotTokenEndpoint>(settings)
            .ConfigureHttpClient((sp, client) => client.BaseAddress = new Uri(sp.GetRequiredService<IOptions<TeamsOptions>>().Value.TokenEndpointOrDefault))
            .AddOutboundResilience();
        services.AddSingleton<BotTokenSource>();

        services.AddTransient<ServiceUrlHandler>();
        services.AddRefitGeneratedClient<IConnectorApi>(settings)
            .ConfigureHttpClient(client => client.BaseAddress = ServiceUrlHandler.Placeholder)
            .AddHttpMessageHandler<ServiceUrlHandler>()
            .AddAuthorizationHeaderValueProvider((sp, _, cancellationToken) => new ValueTask<string>(sp.GetRequiredService<BotTokenSource>().TokenAsync(cancellationToken)))
            .AddOutboundResilience();
        services.AddTransient<ConnectorClient>();
        return services;
    }
}
