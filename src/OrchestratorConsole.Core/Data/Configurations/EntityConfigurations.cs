using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.Core.Data.Configurations;

internal sealed class NodeIdentityConfiguration : IEntityTypeConfiguration<NodeIdentityRecord>
{
    public void Configure(EntityTypeBuilder<NodeIdentityRecord> builder)
    {
        builder.ToTable("node_identity");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
    }
}

internal sealed class ConfigurationRevisionConfiguration : IEntityTypeConfiguration<ConfigurationRevision>
{
    public void Configure(EntityTypeBuilder<ConfigurationRevision> builder)
    {
        builder.ToTable("configuration_revisions");
        builder.HasKey(r => r.Id);
        // Room for plugin.<id>: a plug-in id is at most 100 characters.
        builder.Property(r => r.Section).HasMaxLength(128);
        builder.Property(r => r.Author).HasMaxLength(256);
        builder.Property(r => r.Comment).HasMaxLength(1024);
        builder.Property(r => r.Source).HasMaxLength(1024);
        // The optimistic concurrency rule: one revision per section and version.
        builder.HasIndex(r => new { r.Section, r.Version }).IsUnique();
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("audit_events");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.User).HasMaxLength(256);
        builder.Property(a => a.Action).HasMaxLength(128);
        builder.Property(a => a.Section).HasMaxLength(128);
        builder.Property(a => a.Detail).HasMaxLength(2048);
        builder.Property(a => a.RemoteAddress).HasMaxLength(64);
        builder.HasIndex(a => a.Time);
        builder.HasIndex(a => a.User);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("api_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => t.UserId);
        builder.Property(t => t.RemoteAddress).HasMaxLength(64);
    }
}

internal sealed class BrowserSessionConfiguration : IEntityTypeConfiguration<BrowserSession>
{
    public void Configure(EntityTypeBuilder<BrowserSession> builder)
    {
        builder.ToTable("browser_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(64).ValueGeneratedNever();
        builder.Property(s => s.RemoteAddress).HasMaxLength(64);
        builder.HasIndex(s => s.UserId);
    }
}

internal sealed class InstalledPluginConfiguration : IEntityTypeConfiguration<Features.PlugIns.InstalledPlugin>
{
    public void Configure(EntityTypeBuilder<Features.PlugIns.InstalledPlugin> builder)
    {
        builder.ToTable("plugins");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasMaxLength(100);
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.Version).HasMaxLength(128);
        builder.Property(p => p.Vendor).HasMaxLength(100);
        builder.Property(p => p.Description).HasMaxLength(2000);
        builder.Property(p => p.PackageFile).HasMaxLength(400);
        builder.Property(p => p.InstalledBy).HasMaxLength(256);
        builder.Property(p => p.PackageSha256).HasMaxLength(64);
        builder.Property(p => p.Revision).IsConcurrencyToken();
    }
}

internal sealed class NodePropertyConfiguration : IEntityTypeConfiguration<Features.PlugIns.NodeProperty>
{
    public void Configure(EntityTypeBuilder<Features.PlugIns.NodeProperty> builder)
    {
        builder.ToTable("node_properties");
        builder.HasKey(p => p.Key);
        builder.Property(p => p.Key).HasMaxLength(128);
        // Unbounded: a property may hold a certificate with its key, or the node's copy of the SSL trust list.
        builder.Property(p => p.Value);
    }
}

internal sealed class ServerCertificateConfiguration : IEntityTypeConfiguration<Features.Certificates.ServerCertificateRecord>
{
    public void Configure(EntityTypeBuilder<Features.Certificates.ServerCertificateRecord> builder)
    {
        builder.ToTable("server_certificate");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Sha256).HasMaxLength(64);
    }
}
