using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Host.Channels.WebChat;

/// <summary>
/// The local web chat (PRODUCT §5): on by default when neither Teams (<c>PipelineBot:Teams:AppId</c>) nor Slack
/// (<c>PipelineBot:Slack:SigningSecret</c>) is configured; <c>PipelineBot:WebChat:Enabled</c> = true, false or auto
/// (the default) decides otherwise. When it is off, nothing of it is registered or mapped.
/// </summary>
public static class WebChatServiceCollectionExtensions
{
    private const string Section = "PipelineBot:WebChat";

    /// <summary>The web chat's services, when it is on. Call after <c>AddConversation</c> and <c>AddDelivery</c>, which it uses.</summary>
    public static IServiceCollection AddWebChat(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
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

    /// <summary>Whether the configuration turns the web chat on; a value other than true, false or auto stops the start.</summary>
    public static bool IsEnabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var unknown = configuration.GetSection(Section).GetChildren()
            .Where(c => !string.Equals(c.Key, "Enabled", StringComparison.OrdinalIgnoreCase))
            .Select(c => $"{Section}:{c.Key}: unknown setting (the web chat has only Enabled)")
            .ToList();
        if (unknown.Count > 0)
        {
            throw new CatalogException(unknown);
        }

        var value = configuration[$"{Section}:Enabled"]?.Trim();
        if (string.IsNullOrEmpty(value) || value.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return string.IsNullOrWhiteSpace(configuration["PipelineBot:Teams:AppId"]) && string.IsNullOrWhiteSpace(configuration["PipelineBot:Slack:SigningSecret"]);
        }

        return bool.TryParse(value, out var enabled)
            ? enabled
            : throw new CatalogException([$"{Section}:Enabled: '{value}' is not true, false or auto"]);
    }
}
