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
                throw new InvalidOperationException($"PipelineBot:Storage:Provider: '{storage.Provider}' is not supported yet (use Sqlite).");
        }

        // The migrations are hand-written (no design-time tooling in the package feed), so there is no model snapshot
        // for EF to compare with; MigrationsMatchModelTests compares the migrated schema with the model instead.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        if (changes is not null)
        {
            options.AddInterceptors(new StoreChangesInterceptor(changes));
        }
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
