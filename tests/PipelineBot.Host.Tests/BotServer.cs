using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Conversation;
using PipelineBot.Domain.Catalog;
using PipelineBot.Infrastructure;
using PipelineBot.Infrastructure.Channels;
using PipelineBot.Infrastructure.Persistence;
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

    /// <summary>Who holds a holiday in the published plan (<c>GET /api/holidays</c>).</summary>
    public async Task<string> HolderAsync(string holiday, int year) =>
        (await Client.GetFromJsonAsync<JsonElement>($"/api/holidays?year={year}")).EnumerateArray()
            .Single(h => h.GetProperty("name").GetString() == holiday).GetProperty("member").GetString()!;

    /// <summary>
    /// What the conversation core answers <paramref name="memberId"/> saying <paramref name="text"/>, in a direct
    /// message unless <paramref name="place"/> says where, in the team's zone: one answer, as text.
    /// </summary>
    public async Task<string> AskAsync(string memberId, string text, ChannelConversation? place = null)
    {
        var member = Services.GetRequiredService<Catalog>().Member(memberId);
        var turn = new Turn(
            new Speaker(member, member.Name, Services.GetRequiredService<Domain.Rotation.ShiftCalendar>().Zone),
            place ?? new ChannelConversation("webchat", $"dm-{memberId}", ChannelConversation.Personal, MemberId: memberId),
            text);
        return Assert.Single(await Services.GetRequiredService<IConversation>().HandleAsync(turn, CancellationToken.None)).Text;
    }

    public async Task<int> UndeliveredNoticesAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<PipelineBotDbContext>>().CreateDbContextAsync();
        return await db.Notices.CountAsync(n => n.DeliveredAt == null);
    }

    /// <summary>
    /// Moves the clock a second at a time (the period of the notice dispatcher and of the incident sweeper), letting
    /// the background loops run, until <paramref name="condition"/> holds; fails after <paramref name="atMost"/> of fake time.
    /// </summary>
    public async Task PumpUntilAsync(Func<Task<bool>> condition, TimeSpan? atMost = null)
    {
        var limit = Time.GetUtcNow() + (atMost ?? TimeSpan.FromMinutes(2));
        var guard = Environment.TickCount64 + 30_000;
        while (!await condition())
        {
            Assert.True(Time.GetUtcNow() < limit, $"the condition did not hold by {limit:O} on the bot's clock");
            Assert.True(Environment.TickCount64 < guard, "the condition did not hold within 30 s of real time");
            Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }
    }

    public Task PumpUntilAsync(Func<bool> condition, TimeSpan? atMost = null) => PumpUntilAsync(() => Task.FromResult(condition()), atMost);

    /// <summary>Waits for the dispatcher to deliver every stored notice on every channel.</summary>
    public Task DeliverAllAsync() => PumpUntilAsync(async () => await UndeliveredNoticesAsync() == 0);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    /// <summary>Stops this instance and leaves its database to the others on it (<see cref="DisposeAsync"/> deletes it).</summary>
    public async Task StopAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
