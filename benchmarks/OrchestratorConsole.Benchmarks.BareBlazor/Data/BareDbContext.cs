using Microsoft.EntityFrameworkCore;

namespace OrchestratorConsole.Benchmarks.BareBlazor.Data;

/// <summary>The smallest store a console has: one table holding the app's identity row.</summary>
public sealed class BareDbContext(DbContextOptions<BareDbContext> options) : DbContext(options)
{
    public DbSet<AppIdentity> Identity => Set<AppIdentity>();
}

/// <summary>The app's identity, created at first start.</summary>
public sealed class AppIdentity
{
    public int Id { get; set; }

    public Guid AppId { get; set; }
}
