using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PipelineBot.Conversation.Grammar;

namespace PipelineBot.Conversation.Commands;

/// <summary>Runs a command once the message was read as its intent.</summary>
internal interface ICommandHandler
{
    Task<Say> HandleAsync(Turn turn, Reading reading, CancellationToken cancellationToken);
}

/// <summary>
/// A command people can give the bot: its <see cref="Spec"/> (intent, title, examples, grammar, slots) and its handler,
/// in one place. Registered with <see cref="CommandServiceCollectionExtensions.AddCommand{T}"/>; the registration order
/// is the order help lists them in and settles a tie of scores.
/// </summary>
internal interface ICommand : ICommandHandler
{
    static abstract CommandSpec Spec { get; }
}

/// <summary>Handles clicks on card buttons with the verbs it declares.</summary>
internal interface IButtonHandler
{
    Task<ButtonResult> HandleButtonAsync(ButtonTurn turn, CancellationToken cancellationToken);
}

/// <summary>The card button verbs a class handles, registered like commands so that every verb on a card has a handler.</summary>
internal interface IButtons : IButtonHandler
{
    static abstract IReadOnlyList<string> Verbs { get; }
}

/// <summary>A registered command: what the understanding reads with, and the handler the core resolves to run it.</summary>
internal sealed record CommandRegistration(CommandSpec Spec, Type Handler);

/// <summary>A registered button verb and the class that handles it.</summary>
internal sealed record ButtonRegistration(string Verb, Type Handler);

internal static class CommandServiceCollectionExtensions
{
    public static IServiceCollection AddCommand<T>(this IServiceCollection services)
        where T : class, ICommand
    {
        services.TryAddSingleton<T>();
        return services.AddSingleton(new CommandRegistration(T.Spec, typeof(T)));
    }

    public static IServiceCollection AddButtons<T>(this IServiceCollection services)
        where T : class, IButtons
    {
        services.TryAddSingleton<T>();
        foreach (var verb in T.Verbs)
        {
            services.AddSingleton(new ButtonRegistration(verb, typeof(T)));
        }

        return services;
    }
}
