using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrchestratorConsole.Core.Data;

namespace OrchestratorConsole.Hosting.Http;

/// <summary>Ready when the node settings store answers.</summary>
internal sealed class SettingsStoreHealthCheck(IDbContextFactory<SettingsDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken) && await db.NodeIdentity.AnyAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The settings store is not initialised.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The settings store does not answer.", ex);
        }
    }
}
