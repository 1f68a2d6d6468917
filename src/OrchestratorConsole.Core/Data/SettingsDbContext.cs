using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.Core.Data;

/// <summary>
/// The node settings store: identity, configuration revisions, accounts, tokens and audit.
/// One model, two providers: see <see cref="SqliteSettingsDbContext"/> and <see cref="PostgresSettingsDbContext"/>.
/// </summary>
public abstract class SettingsDbContext(DbContextOptions options) : IdentityDbContext<ConsoleUser>(options)
{
    public DbSet<NodeIdentityRecord> NodeIdentity => Set<NodeIdentityRecord>();

    public DbSet<ConfigurationRevision> Revisions => Set<ConfigurationRevision>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<Features.PlugIns.InstalledPlugin> Plugins => Set<Features.PlugIns.InstalledPlugin>();

    public DbSet<Features.PlugIns.NodeProperty> NodeProperties => Set<Features.PlugIns.NodeProperty>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(SettingsDbContext).Assembly, t => t.Namespace == typeof(SettingsDbContext).Namespace + ".Configurations");
    }
}

public sealed class SqliteSettingsDbContext(DbContextOptions<SqliteSettingsDbContext> options) : SettingsDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset values; store them as sortable integers.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class PostgresSettingsDbContext(DbContextOptions<PostgresSettingsDbContext> options) : SettingsDbContext(options);

/// <summary>Hands out the configured provider's context as the abstract <see cref="SettingsDbContext"/>.</summary>
internal sealed class SettingsDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<SettingsDbContext>
    where TContext : SettingsDbContext
{
    public SettingsDbContext CreateDbContext() => inner.CreateDbContext();
}
