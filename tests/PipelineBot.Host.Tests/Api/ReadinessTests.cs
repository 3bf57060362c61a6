using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Infrastructure;

namespace PipelineBot.Host.Tests.Api;

/// <summary><c>/healthz</c> says the process lives; <c>/readyz</c> says it can take work: its database is prepared and answers.</summary>
public class ReadinessTests
{
    [Fact]
    public async Task Readiness_WaitsForTheDatabase_WhileLivenessAnswersFromTheStart()
    {
        var folder = Directory.CreateTempSubdirectory("pipelinebot-ready-").FullName;
        await using var app = BotHost.Build(["--urls=http://127.0.0.1:0", $"--PipelineBot:Storage:ConnectionString=Data Source={Path.Combine(folder, "bot.db")};Pooling=False"]);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
        try
        {
            using var live = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            using var notReady = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Equal("the database is being prepared", (await notReady.Content.ReadFromJsonAsync<JsonObject>())!["reason"]!.GetValue<string>());

            await app.Services.PrepareStorageAsync();

            using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("ready", (await ready.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());
        }
        finally
        {
            await app.StopAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
