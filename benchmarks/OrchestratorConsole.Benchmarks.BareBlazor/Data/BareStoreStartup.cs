using Microsoft.EntityFrameworkCore;

namespace OrchestratorConsole.Benchmarks.BareBlazor.Data;

/// <summary>Applies the migration and creates the identity row before the app listens, as a minimal console does at start.</summary>
public sealed class BareStoreStartup(IDbContextFactory<BareDbContext> dbFactory) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (!await db.Identity.AnyAsync(cancellationToken))
        {
            db.Identity.Add(new AppIdentity { AppId = Guid.NewGuid() });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
