using System.Net.Http.Json;
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
