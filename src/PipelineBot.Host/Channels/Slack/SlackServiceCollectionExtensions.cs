using Microsoft.Extensions.Options;
using PipelineBot.Host.Channels.Delivery;
using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Host.Channels.Slack;

/// <summary>Slack's services and endpoints, present only when <c>PipelineBot:Slack:SigningSecret</c> is set.</summary>
public static partial class SlackServiceCollectionExtensions
{
    public static IServiceCollection AddSlack(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SlackOptions.Section);
        services.AddCheckedOptions<SlackOptions>(configuration, SlackOptions.Section, SlackOptions.Check);
        var options = section.Get<SlackOptions>() ?? new SlackOptions();
        if (!options.Enabled)
        {
            return services;
        }

        services.AddSlackClients(options);
        services.AddSingleton<SlackVerifier>();
        services.AddSingleton<SlackWork>();
        services.AddHostedService(sp => sp.GetRequiredService<SlackWork>());
        services.AddSingleton<SlackInbox>();
        services.AddSingleton<SlackPeople>();
        services.AddSingleton<SlackConversations>();
        services.AddSingleton<SlackMessenger>();
        services.AddSingleton<SlackEventHandler>();
        services.AddSingleton<SlackCommandHandler>();
        services.AddSingleton<SlackInteractionHandler>();
        services.AddSingleton<IChannel, SlackChannel>();
        if (!string.IsNullOrEmpty(options.OnCallUserGroup) && options.CanSend)
        {
            services.AddHostedService<SlackOnCallGroup>();
        }

        if (options.UsesSocketMode)
        {
            services.AddHttpClient(nameof(SlackSocketMode)).AddOutboundResilience();
            services.AddHostedService<SlackSocketMode>();
        }

        return services;
    }

    /// <summary>Maps <c>POST /slack/events</c>, <c>/slack/commands</c> and <c>/slack/interactions</c> (by <see cref="SlackChannel"/>, which is there when Slack is on); each verifies the request's signature before anything else.</summary>
    internal static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<SlackOptions>>().Value;
        if (!options.CanSend)
        {
            LogCannotSend(app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SlackServiceCollectionExtensions)));
        }

        // Over Socket Mode alone there is no signing secret to check requests with, so no HTTP endpoint to take them.
        if (string.IsNullOrEmpty(options.SigningSecret))
        {
            return app;
        }

        app.MapPost("/slack/events", async (HttpContext http, SlackVerifier verifier, SlackEventHandler events) =>
        {
            var (request, status) = await SlackRequest.ReadAsync(http.Request, verifier, http.RequestAborted);
            using (request)
            {
                return request is null ? Results.StatusCode(status) : await events.AcceptAsync(request, http.RequestAborted);
            }
        });
        app.MapPost("/slack/commands", async (HttpContext http, SlackVerifier verifier, SlackCommandHandler commands) =>
        {
            var (request, status) = await SlackRequest.ReadAsync(http.Request, verifier, http.RequestAborted);
            using (request)
            {
                return request is null ? Results.StatusCode(status) : await commands.AcceptAsync(request, http.RequestAborted);
            }
        });
        app.MapPost("/slack/interactions", async (HttpContext http, SlackVerifier verifier, SlackInteractionHandler interactions) =>
        {
            var (request, status) = await SlackRequest.ReadAsync(http.Request, verifier, http.RequestAborted);
            using (request)
            {
                return request is null ? Results.StatusCode(status) : await interactions.AcceptAsync(request, http.RequestAborted);
            }
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack: PipelineBot:Slack:BotToken is not set, so requests are verified and handled but nothing is sent to Slack (no replies, card updates or notices)")]
    private static partial void LogCannotSend(ILogger logger);
}
