using Microsoft.EntityFrameworkCore;
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
    private readonly SqliteFile _file;
    private bool _ownsFile = true;

    private RotationStore(BotSettings settings, FakeTimeProvider time, SqliteFile file)
    {
        _file = file;
        Settings = settings;
        Time = time;
        Db = _file.Factory();
        var changes = new RotationChanges();
        Schedule = new ScheduleService(Db, settings, changes, time);
        Trades = new TradeService(Db, settings, changes, time);
        Overrides = new OverrideService(Db, settings, changes, time);
        Publisher = new HolidayPublisher(Db, settings, changes, time, NullLogger<HolidayPublisher>.Instance);
    }

    public BotSettings Settings { get; }

    public FakeTimeProvider Time { get; }

    public IDbContextFactory<PipelineBotDbContext> Db { get; }

    public ScheduleService Schedule { get; }

    public TradeService Trades { get; }

    public OverrideService Overrides { get; }

    public HolidayPublisher Publisher { get; }

    public static Task<RotationStore> OpenAsync(DateTimeOffset now, params (string Key, string Value)[] overrides) =>
        StartAsync(Load(overrides), new FakeTimeProvider(now), new SqliteFile());

    /// <summary>Starts again on the same database file with other settings, as a restart after a configuration change would.</summary>
    public Task<RotationStore> ReopenAsync(params (string Key, string Value)[] overrides)
    {
        _ownsFile = false;
        return StartAsync(Load(overrides), Time, _file);
    }

    private static async Task<RotationStore> StartAsync(BotSettings settings, FakeTimeProvider time, SqliteFile file)
    {
        var store = new RotationStore(settings, time, file);
        await store.Db.MigrateAsync();
        await store.Publisher.PublishAsync(CancellationToken.None);
        return store;
    }

    private static BotSettings Load((string Key, string Value)[] overrides) =>
        BotSettingsLoader.Load(SampleConfiguration.With([.. overrides.Select(o => (o.Key, (string?)o.Value))]));

    public async Task<List<T>> ReadAsync<T>(Func<PipelineBotDbContext, IQueryable<T>> query)
    {
        await using var db = await Db.CreateDbContextAsync();
        return await query(db).ToListAsync();
    }

    public void Dispose()
    {
        if (_ownsFile)
        {
            _file.Dispose();
        }
    }
}
