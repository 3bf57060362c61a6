using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace PipelineBot.Infrastructure.Persistence;

/// <summary>The one place that knows which database provider is in use; everything else speaks EF Core.</summary>
public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddStorage(this IServiceCollection services, string provider, string connectionString)
    {
        services.AddDbContextFactory<PipelineBotDbContext>(options => Configure(options, provider, connectionString));
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, string provider, string connectionString)
    {
        switch (provider)
        {
            case "Sqlite":
                // Microsoft.Data.Sqlite retries a busy database until the command timeout, so concurrent writers wait.
                options.UseSqlite(connectionString);
                break;
            default:
                throw new InvalidOperationException($"PipelineBot:Storage:Provider: '{provider}' is not supported (use Sqlite).");
        }

        // The migrations are hand-written (no design-time tooling in the package feed), so there is no model snapshot
        // for EF to compare with; MigrationsMatchModelTests compares the migrated schema with the model instead.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    /// <summary>Creates the database if needed and applies pending migrations.</summary>
    public static async Task MigrateAsync(this IDbContextFactory<PipelineBotDbContext> factory, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while one writer writes; the setting is stored in the database file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
