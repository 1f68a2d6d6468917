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

    public DbSet<BrowserSession> BrowserSessions => Set<BrowserSession>();

    public DbSet<Features.PlugIns.InstalledPlugin> Plugins => Set<Features.PlugIns.InstalledPlugin>();

    public DbSet<Features.PlugIns.NodeProperty> NodeProperties => Set<Features.PlugIns.NodeProperty>();

    public DbSet<Features.Certificates.ServerCertificateRecord> ServerCertificates => Set<Features.Certificates.ServerCertificateRecord>();

    // Whether the migrations match the model is checked by a test (MigrationsMatchModelTests), not on every start:
    // EF Core's check diffs the whole model against the snapshot, a sizeable share of a start's CPU.
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning));

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(SettingsDbContext).Assembly, t => t.Namespace == typeof(SettingsDbContext).Namespace + ".Configurations");
    }
}
