using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Tests.Persistence;

public class MigrationsMatchModelTests
{
    [Fact]
    public async Task Migrations_CreateTheSameSchemaAsTheModel()
    {
        using var migrated = new SqliteFile();
        using var created = new SqliteFile();
        await migrated.Factory().MigrateAsync();
        await using (var db = await created.Factory().CreateDbContextAsync())
        {
            await db.Database.EnsureCreatedAsync();
        }

        var expected = Describe(created.ConnectionString);
        var actual = Describe(migrated.ConnectionString);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Migrate_TurnsOnWriteAheadLogging()
    {
        using var file = new SqliteFile();
        await file.Factory().MigrateAsync();

        using var connection = new SqliteConnection(file.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    /// <summary>Every table's columns (name, type, nullability, key) and indexes (name, uniqueness, columns), sorted.</summary>
    private static List<string> Describe(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        var lines = new List<string>();
        foreach (var table in Query(connection, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EFMigrations%'"))
        {
            lines.AddRange(QueryRows(connection, $"PRAGMA table_info('{table}')", r => $"{table}.{r.GetString(1)} {r.GetString(2)} notnull={r.GetInt64(3)} pk={r.GetInt64(5)}"));
            foreach (var (index, unique) in QueryRows(connection, $"PRAGMA index_list('{table}')", r => (r.GetString(1), r.GetInt64(2))))
            {
                if (index.StartsWith("sqlite_autoindex", StringComparison.Ordinal))
                {
                    continue;
                }

                var columns = string.Join(",", QueryRows(connection, $"PRAGMA index_info('{index}')", r => r.GetString(2)));
                lines.Add($"{table} index {index} unique={unique} ({columns})");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static List<string> Query(SqliteConnection connection, string sql) => QueryRows(connection, sql, r => r.GetString(0));

    private static List<T> QueryRows<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
