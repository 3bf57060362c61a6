using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Persistence;
using PipelineBot.Testing;

namespace PipelineBot.Infrastructure.Tests.Persistence;

/// <summary>A real database for one test: a SQLite file, or a new database on this process's throw-away PostgreSQL server.</summary>
public abstract class TestDatabase : IDisposable
{
    public abstract StorageSettings Storage { get; }

    public static async Task<TestDatabase> CreateAsync(StorageProvider provider) =>
        provider == StorageProvider.Sqlite ? new SqliteFile() : new PostgresDatabase(await (await PostgresServer.StartedAsync()).CreateDatabaseAsync());

    /// <param name="changes">Where the factory's contexts announce committed changes, as the host's do.</param>
    public IDbContextFactory<PipelineBotDbContext> Factory(StoreChanges? changes = null)
    {
        var options = new DbContextOptionsBuilder<PipelineBotDbContext>();
        StorageServiceCollectionExtensions.Configure(options, Storage, changes);
        return new PooledDbContextFactory<PipelineBotDbContext>(options.Options);
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);

    /// <summary>A database on the test server; the server and all of its databases go when the test process ends.</summary>
    private sealed class PostgresDatabase(string connectionString) : TestDatabase
    {
        public override StorageSettings Storage { get; } = new(StorageProvider.Postgres, connectionString);
    }
}
