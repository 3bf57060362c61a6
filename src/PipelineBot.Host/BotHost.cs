using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PipelineBot.Conversation;
using PipelineBot.Host.Api;
using PipelineBot.Host.Channels;
using PipelineBot.Host.Channels.Delivery;
using PipelineBot.Host.Channels.Slack;
using PipelineBot.Host.Channels.Teams;
using PipelineBot.Host.Channels.WebChat;
using PipelineBot.Host.Features.Calendar;
using PipelineBot.Host.Features.Holidays;
using PipelineBot.Host.Features.Incidents;
using PipelineBot.Host.Features.OnCall;
using PipelineBot.Host.Features.Overrides;
using PipelineBot.Host.Features.Pipelines;
using PipelineBot.Host.Features.Schedule;
using PipelineBot.Host.Features.Sla;
using PipelineBot.Host.Features.Trades;
using PipelineBot.Host.Features.Web;
using PipelineBot.Infrastructure;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Host;

/// <summary>Builds the web application; <c>Program</c> runs it and the tests start it on a free port.</summary>
public static class BotHost
{
    public static WebApplication Build(string[] args, Action<IServiceCollection>? overrideServices = null)
    {
        // The content root is the binary's folder, where the repository's appsettings.json is copied, so the bot finds
        // its catalog whether started with `dotnet run` from anywhere or as `dotnet PipelineBot.dll`.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // A start that fails (a port in use) is told by Program in one line; the host would first log it with its stack
        // trace. Once started, the host's errors (a background service that faulted) are logged as usual. (A rule for the
        // host's category alone, at the default level, so the configured levels of other categories still hold.)
        WebApplication? built = null;
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level =>
            level >= LogLevel.Information && (level < LogLevel.Error || built?.Lifetime.ApplicationStarted.IsCancellationRequested == true));
        builder.Services.AddBotOptions(builder.Configuration);
        builder.Services.AddRotation();
        builder.Services.AddConversation();
        builder.Services.AddDelivery();
        builder.Services.AddIncidentIntake(builder.Configuration);
        builder.Services.AddProblemDetails();
        builder.Services.AddCheckedOptions<ApiOptions>(builder.Configuration, ApiOptions.Section, (_, _) => { });
        builder.Services.AddTeams(builder.Configuration);
        builder.Services.AddWebChat(builder.Configuration);
        builder.Services.AddSlack(builder.Configuration);
        overrideServices?.Invoke(builder.Services);

        var app = built = builder.Build();

        // Every feature's options are checked here, before anything uses them, so a bad configuration stops the start
        // with one CatalogException that lists every problem with its key.
        app.Services.ValidateOptions();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" }));
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(StorageReadiness.Tag),
            ResponseWriter = (context, report) => context.Response.WriteAsJsonAsync(new ReadinessAnswer(
                report.Status == HealthStatus.Healthy ? "ready" : "not ready",
                report.Entries.Values.Select(e => e.Description).FirstOrDefault(d => d is not null))),
        });
        app.MapOnCall();
        app.MapSchedule();
        app.MapHolidays();
        app.MapPipelines();
        app.MapTrades();
        app.MapOverrides();
        app.MapIntake();
        app.MapIncidents();
        app.MapSla();
        app.MapCalendar();
        app.MapWebPages();
        foreach (var channel in app.Services.GetServices<IChannel>())
        {
            channel.Map(app);
        }

        return app;
    }
}

/// <summary>What <c>/readyz</c> answers: <c>ready</c>, or <c>not ready</c> and why.</summary>
internal sealed record ReadinessAnswer(string Status, string? Reason);
