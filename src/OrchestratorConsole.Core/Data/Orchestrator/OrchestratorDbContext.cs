using Microsoft.EntityFrameworkCore;

namespace OrchestratorConsole.Core.Data.Orchestrator;

/// <summary>
/// The Orchestrator database configured on the Database tab and shared by every node of a cluster.
/// Its schema version is the number of applied migrations.
/// </summary>
public abstract class OrchestratorDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<OrchestratorProperty> Properties => Set<OrchestratorProperty>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OrchestratorProperty>(e =>
        {
            e.ToTable("orchestrator_properties");
            e.HasKey(p => p.Key);
            e.Property(p => p.Key).HasMaxLength(128);
            e.Property(p => p.Value).HasMaxLength(4096);
        });
    }
}

public sealed class SqliteOrchestratorDbContext(DbContextOptions<SqliteOrchestratorDbContext> options) : OrchestratorDbContext(options);

public sealed class PostgresOrchestratorDbContext(DbContextOptions<PostgresOrchestratorDbContext> options) : OrchestratorDbContext(options);

/// <summary>A named value of the Orchestrator database (for example when the schema was installed).</summary>
public sealed class OrchestratorProperty
{
    public required string Key { get; set; }

    public required string Value { get; set; }
}
