using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using PipelineBot.Host.Channels.Delivery;
using PipelineBot.Infrastructure.Channels;
using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Host.Channels.Teams;

/// <summary>
/// <c>POST /api/messages</c>, the Bot Framework messaging endpoint. The bearer token is checked before the body is
/// read; the activity's serviceUrl and channel are then checked against the token. Anything invalid is 401 (403 for a
/// key that does not endorse the channel) and nothing is done or sent.
/// </summary>
public static partial class TeamsEndpoints
{
    /// <summary>Real activities are a few kilobytes; Teams caps a message at about 28 KB.</summary>
    public const long MaxActivityBytes = 256 * 1024;

    /// <summary>Registers the Teams channel when <c>PipelineBot:Teams:AppId</c> is set; otherwise only its checked options.</summary>
    public static IServiceCollection AddTeams(this IServiceCollection services, IConfiguration configuration)
    {
        // Checked even when off: a misspelt AppId is what would leave it off.
        services.AddCheckedOptions<TeamsOptions>(configuration, TeamsOptions.Section, TeamsOptions.Check);
        if (!configuration.GetSection(TeamsOptions.Section).Get<TeamsOptions>()?.Enabled ?? true)
        {
            return services;
        }

        services.AddHttpClient(nameof(OpenIdKeys)).AddOutboundResilience();
        services.AddBotConnector();
        services.AddSingleton<TeamsIssuers>();
        services.AddSingleton<TeamsTokenValidator>();
        services.AddSingleton<TeamsPeople>();
        services.AddSingleton<TeamsMessages>();
        services.AddSingleton<TeamsTurns>();
        services.AddSingleton<IChannel, TeamsChannel>();
        return services;
    }

    /// <summary>Maps <c>POST /api/messages</c> (by <see cref="TeamsChannel"/>, which is there when Teams is on).</summary>
    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder endpoints)
    {
        var limits = endpoints.ServiceProvider.GetRequiredService<IOptions<TeamsOptions>>().Value.ConversationLimits;
        endpoints.ServiceProvider.GetRequiredService<Outbox>().Limit(TeamsPeople.Channel, PaceLimit.ParseList(limits));
        endpoints.MapPost("/api/messages", ReceiveAsync);
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext context, TeamsTokenValidator validator, TeamsTurns turns, InboundKeys taken, ILogger<TeamsChannel> logger)
    {
        var cancellationToken = context.RequestAborted;
        var identity = await validator.ValidateAsync(context.Request.Headers.Authorization, cancellationToken);
        if (identity is null)
        {
            return TypedResults.Unauthorized();
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxActivityBytes;
        }

        Activity? activity;
        try
        {
            // Read whole and checked as UTF-8 first: the JSON reader skips the fields it does not bind without decoding them.
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, cancellationToken);
            var bytes = body.GetBuffer().AsSpan(0, (int)body.Length);
            if (!Utf8.IsValid(bytes))
            {
                return TypedResults.BadRequest();
            }

            activity = JsonSerializer.Deserialize<Activity>(bytes, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return TypedResults.BadRequest();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        switch (identity.Check(activity?.ServiceUrl, activity?.ChannelId))
        {
            case ActivityCheck.Unauthorized:
                return TypedResults.Unauthorized();
            case ActivityCheck.Forbidden:
                return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (activity is not { Type: not null, Id: not null, ServiceUrl: not null, From.Id: not null, Conversation.Id: not null })
        {
            return TypedResults.BadRequest();
        }

        // The Connector redelivers a message it got no answer to in time; whichever instance the copy reaches, it is
        // answered once. (Invokes are not: their answer is the HTTP response, which a repeat needs again.)
        if (activity.Type == "message" && !await taken.TryFirstAsync($"msteams:{activity.Conversation.Id}/{activity.Id}", cancellationToken))
        {
            return TypedResults.Ok();
        }

        try
        {
            return await turns.RunAsync(activity, cancellationToken);
        }
        catch (BotSignInException e)
        {
            // The answer cannot be sent until the credential is fixed: said in the log, and 503 so the Connector
            // knows this message was not handled.
            LogSignInRefused(logger, e.Message);
            return TypedResults.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Teams: {Problem}")]
    private static partial void LogSignInRefused(ILogger logger, string problem);
}
