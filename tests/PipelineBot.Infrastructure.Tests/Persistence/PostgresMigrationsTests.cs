using Microsoft.EntityFrameworkCore;
using Npgsql;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Persistence;

namespace PipelineBot.Infrastructure.Tests.Persistence;

/// <summary>The same hand-written migrations on a real PostgreSQL server: the schema they make is the model's.</summary>
public class PostgresMigrationsTests
{
    [Fact]
    public async Task Migrations_CreateTheSameSchemaAsTheModel_OnPostgres()
    {
        using var migrated = await TestDatabase.CreateAsync(StorageProvider.Postgres);
        using var created = await TestDatabase.CreateAsync(StorageProvider.Postgres);
        await migrated.Factory().MigrateAsync();
        await using (var db = await created.Factory().CreateDbContextAsync())
        {
            await db.Database.EnsureCreatedAsync();
        }

        var expected = await DescribeAsync(created.Storage.ConnectionString);
        var actual = await DescribeAsync(migrated.Storage.ConnectionString);

        Assert.Contains(expected, line => line.StartsWith("Incidents.Id bigint", StringComparison.Ordinal) && line.Contains("identity=BY DEFAULT", StringComparison.Ordinal));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Migrations_AppliedByThreeInstancesAtOnce_AreAppliedOnce()
    {
        using var database = await TestDatabase.CreateAsync(StorageProvider.Postgres);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => database.Factory().MigrateAsync())));

        await using var db = await database.Factory().CreateDbContextAsync();
        Assert.Single(await db.Leases.ToListAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    /// <summary>
    /// Every table's columns (name, type, nullability, identity) and indexes (definition), sorted. Defaults are left out, as in
    /// the SQLite comparison: a column added to a table with rows needs one that the model does not.
    /// </summary>
    private static async Task<List<string>> DescribeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var lines = new List<string>();
        await using (var columns = new NpgsqlCommand(
            """
            SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, identity_generation
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_EF%'
            """, connection))
        await using (var reader = await columns.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add($"{reader.GetString(0)}.{reader.GetString(1)} {reader.GetString(2)}({(reader.IsDBNull(3) ? "" : reader.GetInt32(3))}) "
                    + $"nullable={reader.GetString(4)} identity={(reader.IsDBNull(5) ? "" : reader.GetString(5))}");
            }
        }

        await using (var indexes = new NpgsqlCommand("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '\\_\\_EF%'", connection))
        await using (var reader = await indexes.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
