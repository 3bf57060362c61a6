using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Conversation.Commands;
using PipelineBot.Conversation.Tests.Grammar;

namespace PipelineBot.Conversation.Tests;

/// <summary>What help shows must work: every registered command can be built and reads its own examples as itself.</summary>
public sealed class CommandRegistryTests
{
    [Fact]
    public async Task Every_registered_command_has_a_handler_and_examples_it_reads_as_itself()
    {
        await using var bot = await Bot.StartAsync();

        foreach (var command in bot.Services.GetServices<CommandRegistration>())
        {
            Assert.IsAssignableFrom<ICommandHandler>(bot.Services.GetRequiredService(command.Handler));
            Assert.NotEmpty(command.Spec.Examples);
            Assert.All(command.Spec.Examples, example => Assert.Equal(command.Spec.Intent, ShippedUnderstanding.Read(example).Intent));
        }
    }
}
