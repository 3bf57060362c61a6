namespace PipelineBot.Host.Channels.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>The runner every channel uses both ways, its outbound discipline, who reads its cards, and the dispatcher of stored notices.</summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddSingleton<ChannelRunner>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<CardReaders>();
        services.AddSingleton<NoticeDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<NoticeDispatcher>());
        return services;
    }
}
