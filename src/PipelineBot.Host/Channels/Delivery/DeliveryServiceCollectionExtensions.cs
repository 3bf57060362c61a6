namespace PipelineBot.Host.Channels.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>The outbound discipline every channel uses, who reads their cards, and the dispatcher of stored notices.</summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddSingleton<Outbox>();
        services.AddSingleton<CardReaders>();
        services.AddSingleton<NoticeDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<NoticeDispatcher>());
        return services;
    }
}
