using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Host;
using PipelineBot.Infrastructure;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests;

/// <summary>
/// The real bot on Kestrel, on a free loopback port, with a real SQLite file in a temporary folder and a fake clock.
/// Settings are given as command-line style overrides on top of the repository's appsettings.json.
/// </summary>
public sealed class BotServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BotServer(WebApplication app, string folder, FakeTimeProvider time)
    {
        _app = app;
        Folder = folder;
        Time = time;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public HttpClient Client { get; }

    public FakeTimeProvider Time { get; }

    public string Folder { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<BotServer> StartAsync(DateTimeOffset now, string? folder = null, params string[] settings) =>
        StartAsync(now, folder, services: null, settings);

    /// <param name="services">Registrations laid over the bot's own, such as a fake channel.</param>
    public static async Task<BotServer> StartAsync(DateTimeOffset now, string? folder, Action<IServiceCollection>? services, params string[] settings)
    {
        folder ??= Directory.CreateTempSubdirectory("pipelinebot-host-").FullName;
        var time = new FakeTimeProvider(now);
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--PipelineBot:Storage:ConnectionString=Data Source={Path.Combine(folder, "pipelinebot.db")};Pooling=False",
            .. settings.Select(s => "--" + s),
        ];
        var app = BotHost.Build(args, registrations =>
        {
            registrations.AddSingleton<TimeProvider>(time);
            services?.Invoke(registrations);
        });
        await app.Services.PrepareStorageAsync();
        await app.StartAsync();
        return new BotServer(app, folder, time);
    }

    /// <summary>Stops this instance and starts a new one on the same database file, as a restart would.</summary>
    public Task<BotServer> RestartAsync(params string[] settings) => RestartAsync(services: null, settings);

    /// <inheritdoc cref="RestartAsync(string[])"/>
    public async Task<BotServer> RestartAsync(Action<IServiceCollection>? services, params string[] settings)
    {
        await StopAsync();
        return await StartAsync(Time.GetUtcNow(), Folder, services, settings);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private async Task StopAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
