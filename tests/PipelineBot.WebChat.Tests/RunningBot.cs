using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Infrastructure;

namespace PipelineBot.WebChat.Tests;

/// <summary>
/// The real bot as `dotnet run` starts it (the shipped appsettings.json, the web chat on because no Teams or Slack is
/// configured, the system clock, so the notice dispatcher and the browser share one time), on a free loopback port with
/// a SQLite file of its own.
/// </summary>
public sealed class RunningBot : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _folder;

    private RunningBot(WebApplication app, string folder)
    {
        _app = app;
        _folder = folder;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address);
        Api = new HttpClient { BaseAddress = Address };
    }

    public Uri Address { get; }

    public HttpClient Api { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Overrides of the shipped configuration, as <c>--Key=value</c> on the command line.</param>
    public static async Task<RunningBot> StartAsync(params string[] settings)
    {
        var folder = Directory.CreateTempSubdirectory("pipelinebot-e2e-").FullName;
        var app = Host.BotHost.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--PipelineBot:Storage:ConnectionString=Data Source={Path.Combine(folder, "pipelinebot.db")};Pooling=False",
            .. settings,
        ]);
        await app.Services.PrepareStorageAsync();
        await app.StartAsync();
        return new RunningBot(app, folder);
    }

    /// <summary>Posts an alert to the intake as an orchestrator would, signed with <paramref name="secret"/>; returns the incident's id.</summary>
    public async Task<string> PostAlertAsync(string secret, JsonObject alert)
    {
        var body = Encoding.UTF8.GetBytes(alert.ToJsonString());
        using var content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } };
        content.Headers.Add("X-PipelineBot-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        var response = await Api.PostAsync("/api/alerts", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["incident"]!.GetValue<string>();
    }

    public async Task<JsonArray> GetArrayAsync(string path) => (await Api.GetFromJsonAsync<JsonArray>(path))!;

    public async Task<JsonObject> GetObjectAsync(string path) => (await Api.GetFromJsonAsync<JsonObject>(path))!;

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
