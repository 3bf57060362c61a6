using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Infrastructure.Tests.Persistence;

/// <summary>A real SQLite database file in a temporary folder, removed with the test.</summary>
public sealed class SqliteFile : TestDatabase
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pipelinebot-").FullName;

    public string Path => System.IO.Path.Combine(_folder, "pipelinebot.db");

    public string ConnectionString => $"Data Source={Path};Pooling=False";

    public override StorageSettings Storage => new(StorageProvider.Sqlite, ConnectionString);

    public override void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        base.Dispose();
    }
}
