using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OrchestratorConsole.Core.Data.Orchestrator;

/// <summary>
/// The Orchestrator database configured on the Database tab and shared by every node of a cluster: cluster
/// membership, heartbeats, leases and events. Its schema version is the number of applied migrations.
/// Column names are snake_case because the cluster's coordination statements are written in SQL.
/// </summary>
public abstract class OrchestratorDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<OrchestratorProperty> Properties => Set<OrchestratorProperty>();

    public DbSet<ClusterNodeRecord> ClusterNodes => Set<ClusterNodeRecord>();

    public DbSet<ClusterLease> ClusterLeases => Set<ClusterLease>();

    public DbSet<LeaseHistoryEntry> LeaseHistory => Set<LeaseHistoryEntry>();

    public DbSet<ClusterEventRecord> ClusterEvents => Set<ClusterEventRecord>();

    public DbSet<PluginContentRecord> PluginContent => Set<PluginContentRecord>();

    public DbSet<InstalledPluginRecord> InstalledPlugins => Set<InstalledPluginRecord>();

    public DbSet<NodeToNodeNonce> NodeToNodeNonces => Set<NodeToNodeNonce>();

    public DbSet<TrustedCertificateRecord> TrustedCertificates => Set<TrustedCertificateRecord>();

    public DbSet<CertificateApprovalRecord> CertificateApprovals => Set<CertificateApprovalRecord>();

    // Checked by a test (MigrationsMatchModelTests) rather than by EF Core's model diff at every install and start.
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OrchestratorProperty>(e =>
        {
            e.ToTable("orchestrator_properties");
            e.HasKey(p => p.Key);
            e.Property(p => p.Key).HasColumnName("key").HasMaxLength(128);
            e.Property(p => p.Value).HasColumnName("value").HasMaxLength(4096);
        });
        modelBuilder.Entity<ClusterNodeRecord>(e =>
        {
            e.ToTable("cluster_nodes");
            e.HasKey(n => n.NodeId);
            e.Property(n => n.NodeId).HasColumnName("node_id");
            e.Property(n => n.Name).HasColumnName("name").HasMaxLength(128);
            e.Property(n => n.PublicUrl).HasColumnName("public_url").HasMaxLength(512);
            e.Property(n => n.ProductVersion).HasColumnName("product_version").HasMaxLength(64);
            e.Property(n => n.InstanceNonce).HasColumnName("instance_nonce");
            e.Property(n => n.State).HasColumnName("state").HasMaxLength(16);
            e.Property(n => n.Role).HasColumnName("role").HasMaxLength(16);
            e.Property(n => n.LastHeartbeat).HasColumnName("last_heartbeat");
            e.Property(n => n.StartedAt).HasColumnName("started_at");
            e.Property(n => n.ActiveFingerprint).HasColumnName("active_fingerprint").HasMaxLength(64);
            e.Property(n => n.PendingFingerprint).HasColumnName("pending_fingerprint").HasMaxLength(64);
            e.Property(n => n.PendingSavedAt).HasColumnName("pending_saved_at");
            e.Property(n => n.Plugins).HasColumnName("plugins").HasMaxLength(65536);
        });
        modelBuilder.Entity<ClusterLease>(e =>
        {
            e.ToTable("cluster_leases");
            e.HasKey(l => l.Slot);
            e.Property(l => l.Slot).HasColumnName("slot").ValueGeneratedNever();
            e.Property(l => l.HolderNodeId).HasColumnName("holder_node_id");
            e.Property(l => l.HolderNonce).HasColumnName("holder_nonce");
            e.Property(l => l.Epoch).HasColumnName("epoch");
            e.Property(l => l.ExpiresAt).HasColumnName("expires_at");
        });
        modelBuilder.Entity<LeaseHistoryEntry>(e =>
        {
            e.ToTable("lease_history");
            e.HasKey(h => h.Id);
            e.Property(h => h.Id).HasColumnName("id");
            e.Property(h => h.Slot).HasColumnName("slot");
            e.Property(h => h.Epoch).HasColumnName("epoch");
            e.Property(h => h.NodeId).HasColumnName("node_id");
            e.Property(h => h.AcquiredAt).HasColumnName("acquired_at");
            e.Property(h => h.ValidUntil).HasColumnName("valid_until");
            e.HasIndex(h => new { h.Slot, h.Epoch }).IsUnique();
        });
        modelBuilder.Entity<ClusterEventRecord>(e =>
        {
            e.ToTable("cluster_events");
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).HasColumnName("id");
            e.Property(c => c.Time).HasColumnName("time");
            e.Property(c => c.Kind).HasColumnName("kind").HasMaxLength(32);
            e.Property(c => c.NodeId).HasColumnName("node_id");
            e.Property(c => c.NodeName).HasColumnName("node_name").HasMaxLength(128);
            e.Property(c => c.Detail).HasColumnName("detail").HasMaxLength(1024);
            e.Property(c => c.ByNodeId).HasColumnName("by_node_id");
            e.Property(c => c.Epoch).HasColumnName("epoch");
            e.HasIndex(c => c.Time);
        });
        modelBuilder.Entity<PluginContentRecord>(e =>
        {
            e.ToTable("plugin_content");
            e.HasKey(c => new { c.PluginId, c.ItemId });
            e.Property(c => c.PluginId).HasColumnName("plugin_id").HasMaxLength(100);
            e.Property(c => c.ItemId).HasColumnName("item_id").HasMaxLength(200);
            e.Property(c => c.Kind).HasColumnName("kind").HasMaxLength(16);
            e.Property(c => c.Name).HasColumnName("name").HasMaxLength(200);
            e.Property(c => c.Body).HasColumnName("body");
            e.Property(c => c.Checksum).HasColumnName("checksum").HasMaxLength(64);
        });
        modelBuilder.Entity<InstalledPluginRecord>(e =>
        {
            e.ToTable("installed_plugins");
            e.HasKey(p => p.PluginId);
            e.Property(p => p.PluginId).HasColumnName("plugin_id").HasMaxLength(100);
            e.Property(p => p.Version).HasColumnName("version").HasMaxLength(128);
            e.Property(p => p.InstalledAt).HasColumnName("installed_at");
            e.Property(p => p.InstalledBy).HasColumnName("installed_by");
        });
        modelBuilder.Entity<NodeToNodeNonce>(e =>
        {
            e.ToTable("node_to_node_nonces");
            e.HasKey(n => n.Nonce);
            e.Property(n => n.Nonce).HasColumnName("nonce").HasMaxLength(64);
            e.Property(n => n.ExpiresAt).HasColumnName("expires_at");
            e.HasIndex(n => n.ExpiresAt);
        });
        modelBuilder.Entity<TrustedCertificateRecord>(e =>
        {
            e.ToTable("trusted_certificates");
            e.HasKey(t => t.Sha256);
            e.Property(t => t.Sha256).HasColumnName("sha256").HasMaxLength(64);
            e.Property(t => t.Subject).HasColumnName("subject").HasMaxLength(1024);
            e.Property(t => t.Issuer).HasColumnName("issuer").HasMaxLength(1024);
            e.Property(t => t.NotAfter).HasColumnName("not_after");
            e.Property(t => t.Pem).HasColumnName("pem").HasMaxLength(16384);
            e.Property(t => t.Address).HasColumnName("address").HasMaxLength(2048);
            e.Property(t => t.AddedBy).HasColumnName("added_by").HasMaxLength(160);
            e.Property(t => t.AddedAt).HasColumnName("added_at");
        });
        modelBuilder.Entity<CertificateApprovalRecord>(e =>
        {
            e.ToTable("certificate_approvals");
            e.HasKey(a => a.Sha256);
            e.Property(a => a.Sha256).HasColumnName("sha256").HasMaxLength(64);
            e.Property(a => a.Subject).HasColumnName("subject").HasMaxLength(1024);
            e.Property(a => a.Issuer).HasColumnName("issuer").HasMaxLength(1024);
            e.Property(a => a.NotBefore).HasColumnName("not_before");
            e.Property(a => a.NotAfter).HasColumnName("not_after");
            e.Property(a => a.Pem).HasColumnName("pem").HasMaxLength(16384);
            e.Property(a => a.NodeId).HasColumnName("node_id");
            e.Property(a => a.NodeName).HasColumnName("node_name").HasMaxLength(128);
            e.Property(a => a.ReplacesSha256).HasColumnName("replaces_sha256").HasMaxLength(64);
            e.Property(a => a.Address).HasColumnName("address").HasMaxLength(2048);
            e.Property(a => a.Status).HasColumnName("status").HasMaxLength(16);
            e.Property(a => a.RequestedAt).HasColumnName("requested_at");
            e.Property(a => a.DecidedBy).HasColumnName("decided_by").HasMaxLength(160);
        });
    }
}
