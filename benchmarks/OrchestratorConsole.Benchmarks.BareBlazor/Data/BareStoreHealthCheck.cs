using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrchestratorConsole.Benchmarks.BareBlazor.Data;

/// <summary>Ready when the store answers and holds the identity row: the console's readiness check, on the bare store.</summary>
public sealed class BareStoreHealthCheck(IDbContextFactory<BareDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken) && await db.Identity.AnyAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The store is not initialised.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The store does not answer.", ex);
        }
    }
}
