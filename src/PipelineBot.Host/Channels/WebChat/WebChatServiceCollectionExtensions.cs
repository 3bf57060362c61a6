using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Host.Channels.WebChat;

/// <summary>
/// The local web chat (PRODUCT §5): on by default when neither Teams (<c>PipelineBot:Teams:AppId</c>) nor Slack
/// (<c>PipelineBot:Slack:SigningSecret</c>) is configured; <c>PipelineBot:WebChat:Enabled</c> = true, false or auto
/// (the default) decides otherwise. When it is off, nothing of it is registered or mapped.
/// </summary>
public static class WebChatServiceCollectionExtensions
{
    /// <summary>The web chat's checked options, and its services when it is on. Call after <c>AddConversation</c> and <c>AddDelivery</c>, which it uses.</summary>
    public static IServiceCollection AddWebChat(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddCheckedOptions<WebChatOptions>(configuration, WebChatOptions.Section, WebChatOptions.Check);
        if (!IsEnabled(configuration))
        {
            return services;
        }

        services.AddSingleton<DirectLineTokens>();
        services.AddSingleton<WebChatConversations>();
        services.AddSingleton<WebChatActivities>();
        services.AddSingleton<WebChatCards>();
        services.AddSingleton<WebChatPoster>();
        services.AddSingleton<WebChatTurns>();
        services.AddSingleton<WebChatChannel>();
        services.AddSingleton<IChannel>(provider => provider.GetRequiredService<WebChatChannel>());
        return services;
    }

    /// <summary>Maps the page (<c>GET /</c>) and the Direct Line endpoint (by <see cref="WebChatChannel"/>, which is there when the web chat is on).</summary>
    internal static WebApplication MapWebChat(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWebSockets();
        app.MapDirectLine();
        app.MapWebChatPage();
        return app;
    }

    /// <summary>Whether the configuration turns the web chat on. An unreadable value turns nothing on; its check stops the start.</summary>
    public static bool IsEnabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return WebChatOptions.Read(configuration[$"{WebChatOptions.Section}:Enabled"]) switch
        {
            WebChatOptions.Switch.Auto => string.IsNullOrWhiteSpace(configuration["PipelineBot:Teams:AppId"]) && string.IsNullOrWhiteSpace(configuration["PipelineBot:Slack:SigningSecret"]),
            WebChatOptions.Switch.On => true,
            _ => false,
        };
    }
}
