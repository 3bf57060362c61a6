using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Rotation;
using PipelineBot.Infrastructure;
using PipelineBot.Infrastructure.Airflow;
using PipelineBot.Infrastructure.Channels;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Incidents;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Infrastructure.Rotation;
using PipelineBot.Testing;

namespace PipelineBot.Conversation.Tests;

/// <summary>
/// The real conversation core, built the way the host builds it (AddBotOptions + AddRotation + AddConversation) from
/// the shipped appsettings.json with overrides on top, on a real SQLite file and a fake clock.
/// </summary>
public sealed class Bot : IAsyncDisposable
{
    /// <summary>A Saturday afternoon; Miles Lopez holds the rotation week that ends on Monday 2026-11-23.</summary>
    public static readonly DateTimeOffset Saturday = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The configured objects and the conversation's services of the shipped appsettings.json, with no database behind
    /// them, for tests of the grammar alone. One provider, so that every test compares the same catalog's members.
    /// </summary>
    public static readonly IServiceProvider Shipped = new ServiceCollection()
        .AddBotOptions(new ConfigurationBuilder().AddJsonFile(RepositoryFiles.AppSettings).Build())
        .AddConversation()
        .BuildServiceProvider();

    public static readonly ChannelConversation Personal = new("msteams", "a:personal-1", ChannelConversation.Personal);

    private readonly DirectoryInfo _folder;
    private readonly ServiceProvider _services;

    private Bot(DirectoryInfo folder, ServiceProvider services, FakeTimeProvider time)
    {
        _folder = folder;
        _services = services;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public IConversation Conversation => _services.GetRequiredService<IConversation>();

    public Catalog Catalog => _services.GetRequiredService<Catalog>();

    public ShiftCalendar Shifts => _services.GetRequiredService<ShiftCalendar>();

    public ScheduleService Schedule => _services.GetRequiredService<ScheduleService>();

    public ChannelDirectory Directory => _services.GetRequiredService<ChannelDirectory>();

    public IncidentService Incidents => _services.GetRequiredService<IncidentService>();

    public IServiceProvider Services => _services;

    public static async Task<Bot> StartAsync(DateTimeOffset? now = null, params (string Key, string Value)[] settings)
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("pipelinebot-conversation-");
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(RepositoryFiles.AppSettings)
            .AddInMemoryCollection(settings
                .Append(("PipelineBot:Storage:ConnectionString", $"Data Source={Path.Combine(folder.FullName, "bot.db")};Pooling=False"))
                .Select(s => KeyValuePair.Create(s.Item1, (string?)s.Item2)))
            .Build();
        var time = new FakeTimeProvider(now ?? Saturday);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddBotOptions(configuration);
        services.AddRotation();
        services.AddIncidents(configuration);
        services.AddAirflowClient();
        services.AddConversation();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.ValidateOptions();
        await provider.PrepareStorageAsync();
        return new Bot(folder, provider, time);
    }

    public Speaker Speaker(string? memberId, string? zone = null) =>
        memberId is null
            ? PipelineBot.Conversation.Speaker.Of(null, "Jane Stranger", zone, Shifts.Zone)
            : PipelineBot.Conversation.Speaker.Of(Catalog.Member(memberId), memberId, zone, Shifts.Zone);

    public async Task<Say> SayAsync(string text, string? memberId = "jasmine", string? zone = null, ChannelConversation? place = null) =>
        Assert.Single(await Conversation.HandleAsync(new Turn(Speaker(memberId, zone), place ?? Personal, text), CancellationToken.None));

    public async Task<string> AskAsync(string text, string? memberId = "jasmine", string? zone = null) => (await SayAsync(text, memberId, zone)).Text;

    public Task<ButtonResult> ClickAsync(string memberId, string verb, JsonObject data) =>
        Conversation.HandleButtonAsync(new ButtonTurn(Speaker(memberId), Personal, verb, data), CancellationToken.None);

    public async Task<string> HolderAsync(string holiday, int year) =>
        (await Schedule.HolidaysAsync(year, CancellationToken.None)).Single(h => h.Name == holiday).MemberId!;

    public string Name(string memberId) => Catalog.Member(memberId).Name;

    public async Task<List<T>> ReadAsync<T>(Func<PipelineBotDbContext, IQueryable<T>> query)
    {
        await using var db = await _services.GetRequiredService<IDbContextFactory<PipelineBotDbContext>>().CreateDbContextAsync();
        return await query(db).ToListAsync();
    }

    public static Instant Instant(DateTimeOffset value) => NodaTime.Instant.FromDateTimeOffset(value);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _folder.Delete(recursive: true);
    }
}
