using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Infrastructure.Configuration;

namespace PipelineBot.Infrastructure.Persistence;

/// <summary>The one place that knows which database provider is in use; everything else speaks EF Core.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>The database named by the registered <see cref="StorageSettings"/>.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddSingleton<StoreChanges>();
        services.AddHostedService<PostgresChangeFeed>();
        services.AddDbContextFactory<PipelineBotDbContext>((provider, options) =>
            Configure(options, provider.GetRequiredService<StorageSettings>(), provider.GetRequiredService<StoreChanges>()));
        return services;
    }

    /// <param name="changes">Where committed changes are announced; none in tests that only read and write rows.</param>
    public static void Configure(DbContextOptionsBuilder options, StorageSettings storage, StoreChanges? changes = null)
    {
        var connectionString = storage.ConnectionString;
        switch (storage.Provider)
        {
            case StorageProvider.Sqlite:
                // Microsoft.Data.Sqlite retries a busy database until the command timeout, so concurrent writers wait.
                options.UseSqlite(connectionString);
                break;
            default:
                // Several instances share one PostgreSQL database (see README, "Several instances").
                options.UseNpgsql(connectionString);
                break;
        }

        // The migrations are hand-written (no design-time tooling in the package feed), so there is no model snapshot
        // for EF to compare with; MigrationsMatchModelTests compares the migrated schema with the model instead.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        if (changes is not null)
        {
            options.AddInterceptors(new StoreChangesInterceptor(changes));
        }
    }

    /// <summary>The key of PostgreSQL's advisory lock around migrations (any number no other lock of this database uses).</summary>
    private const long MigrationLock = 0x5069_7065_4d69_67;

    /// <summary>Creates the database if needed and applies pending migrations.</summary>
    public static async Task MigrateAsync(this IDbContextFactory<PipelineBotDbContext> factory, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            // Several instances starting together must not apply the same migration twice: the first to take this lock
            // migrates; the others wait for it, then find nothing pending. The lock is the session's, on a connection of
            // its own and outside the pool, so it ends with the session, even when a migration fails.
            var unpooled = new Npgsql.NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false };
            await using var session = new Npgsql.NpgsqlConnection(unpooled.ConnectionString);
            await session.OpenAsync(cancellationToken);
            await using (var take = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLock})", session) { CommandTimeout = 0 })
            {
                await take.ExecuteNonQueryAsync(cancellationToken);
            }

            await db.Database.MigrateAsync(cancellationToken);
            await using var release = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLock})", session);
            await release.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while one writer writes; the setting is stored in the database file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
