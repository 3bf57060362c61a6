using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Conversation;
using PipelineBot.Host.Channels;
using PipelineBot.Infrastructure.Channels;

namespace PipelineBot.Host.Tests.Channels;

/// <summary>An enabled channel of a running bot, driven the way the notice dispatcher drives it: through the one <see cref="ChannelRunner"/>.</summary>
public sealed record DrivenChannel(IChannel Channel, ChannelRunner Runner)
{
    public static DrivenChannel Of(IServiceProvider services, string name) =>
        new(services.GetServices<IChannel>().Single(c => c.Name == name), services.GetRequiredService<ChannelRunner>());

    public Task<DeliveryOutcome> DeliverAsync(Notice notice, CancellationToken cancellationToken) => Runner.DeliverAsync(Channel, notice, cancellationToken);

    public Task UpdateCardAsync(PostedCard posted, CardContent card, CancellationToken cancellationToken) => Runner.UpdateCardAsync(Channel, posted, card, cancellationToken);
}
