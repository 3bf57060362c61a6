using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Holidays;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Infrastructure.Rotation;
using PipelineBot.Infrastructure.Tests.Configuration;
using PipelineBot.Infrastructure.Tests.Persistence;
using PipelineBot.Infrastructure.Trades;
using PipelineBot.Testing;

namespace PipelineBot.Infrastructure.Tests.Rotation;

/// <summary>
/// The rotation services over a real SQLite file, configured from the shipped appsettings.json with overrides on top
/// (as environment variables would give them), on a fake clock.
/// </summary>
public sealed class RotationStore : IDisposable
{
    private readonly TestDatabase _file;
    private readonly ServiceProvider _configured;
    private bool _ownsFile = true;

    private RotationStore(ServiceProvider configured, FakeTimeProvider time, TestDatabase file)
    {
        _file = file;
        _configured = configured;
        Time = time;
        Db = _file.Factory(Changes);
        Schedule = ActivatorUtilities.CreateInstance<ScheduleService>(configured, Db, Changes, time);
        Trades = ActivatorUtilities.CreateInstance<TradeService>(configured, Db, time);
        Overrides = ActivatorUtilities.CreateInstance<OverrideService>(configured, Db, time);
        Publisher = ActivatorUtilities.CreateInstance<HolidayPublisher>(configured, Db, time, NullLogger<HolidayPublisher>.Instance);
    }

    /// <summary>A configured object (the catalog, the SLA policy, …), as the host would inject it.</summary>
    public T Configured<T>()
        where T : notnull => _configured.GetRequiredService<T>();

    public FakeTimeProvider Time { get; }

    public IDbContextFactory<PipelineBotDbContext> Db { get; }

    /// <summary>Where this store's committed changes are announced.</summary>
    public StoreChanges Changes { get; } = new();

    public ScheduleService Schedule { get; }

    public TradeService Trades { get; }

    public OverrideService Overrides { get; }

    public HolidayPublisher Publisher { get; }

    public static Task<RotationStore> OpenAsync(DateTimeOffset now, params (string Key, string Value)[] overrides) =>
        StartAsync(Load(overrides), new FakeTimeProvider(now), new SqliteFile());

    /// <summary>The same on a new database of <paramref name="provider"/>.</summary>
    public static async Task<RotationStore> OpenAsync(StorageProvider provider, DateTimeOffset now, params (string Key, string Value)[] overrides) =>
        await StartAsync(Load([.. overrides, ("PipelineBot:Storage:Provider", provider.ToString())]), new FakeTimeProvider(now), await TestDatabase.CreateAsync(provider));

    /// <summary>Starts again on the same database file with other settings, as a restart after a configuration change would.</summary>
    public Task<RotationStore> ReopenAsync(params (string Key, string Value)[] overrides)
    {
        _ownsFile = false;
        return StartAsync(Load(overrides), Time, _file);
    }

    private static async Task<RotationStore> StartAsync(ServiceProvider configured, FakeTimeProvider time, TestDatabase file)
    {
        var store = new RotationStore(configured, time, file);
        await store.Db.MigrateAsync();
        await store.Publisher.PublishAsync(CancellationToken.None);
        return store;
    }

    private static ServiceProvider Load((string Key, string Value)[] overrides) =>
        SampleConfiguration.Services(SampleConfiguration.With([.. overrides.Select(o => (o.Key, (string?)o.Value))]));

    public async Task<List<T>> ReadAsync<T>(Func<PipelineBotDbContext, IQueryable<T>> query)
    {
        await using var db = await Db.CreateDbContextAsync();
        return await query(db).ToListAsync();
    }

    public void Dispose()
    {
        _configured.Dispose();
        if (_ownsFile)
        {
            _file.Dispose();
        }
    }
}
