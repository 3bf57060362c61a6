using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PipelineBot.Infrastructure.Persistence;

/// <summary>
/// Readiness: the database is migrated (by this process's start) and answers now. A load balancer sends work only to an
/// instance that is ready; <c>/healthz</c> stays a liveness check that does not touch the database.
/// </summary>
public sealed class StorageReadiness(IDbContextFactory<PipelineBotDbContext> dbFactory) : IHealthCheck
{
    /// <summary>The tag of the checks <c>/readyz</c> runs.</summary>
    public const string Tag = "ready";

    private volatile bool _prepared;

    /// <summary>Called once the migrations are applied and the plan published.</summary>
    public void Prepared() => _prepared = true;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!_prepared)
        {
            return HealthCheckResult.Unhealthy("the database is being prepared");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Database.CanConnectAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("the database does not answer");
    }
}
