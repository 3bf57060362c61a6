using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Tests.Persistence;

/// <summary>A real SQLite database file in a temporary folder, removed with the test.</summary>
public sealed class SqliteFile : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pipelinebot-").FullName;

    public string Path => System.IO.Path.Combine(_folder, "pipelinebot.db");

    public string ConnectionString => $"Data Source={Path};Pooling=False";

    /// <param name="changes">Where the factory's contexts announce committed changes, as the host's do.</param>
    public IDbContextFactory<PipelineBotDbContext> Factory(StoreChanges? changes = null)
    {
        var options = new DbContextOptionsBuilder<PipelineBotDbContext>();
        StorageServiceCollectionExtensions.Configure(options, new StorageSettings(StorageProvider.Sqlite, ConnectionString), changes);
        return new PooledDbContextFactory<PipelineBotDbContext>(options.Options);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
