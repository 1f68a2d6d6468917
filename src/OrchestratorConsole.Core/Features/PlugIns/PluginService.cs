using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>
/// Installs, upgrades, enables and uninstalls plug-in packages on this node. A plug-in's settings are its section of
/// the configuration registry, <c>plugin.&lt;id&gt;</c>, read and saved through <see cref="ConfigurationService"/>.
/// </summary>
public sealed class PluginService(
    IDbContextFactory<SettingsDbContext> dbFactory,
    PluginPackageStore packages,
    PluginInstallation installation,
    ConfigurationService configuration,
    ContentChangeGuard guard,
    AuditService audit,
    Telemetry.ConsoleMetrics metrics)
{
    /// <summary>Raised after any change, so pages and the heartbeat see the new set.</summary>
    public event Action? Changed;

    private ConfigurationRegistry Registry => configuration.Registry;

    /// <summary>At the node's start: removes package leftovers, records missing package checksums and puts every installed plug-in's section into the registry.</summary>
    public async Task LoadSectionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plugins = await db.Plugins.ToListAsync(cancellationToken);
        packages.RemoveLeftovers(plugins.Select(p => p.PackageFile));
        foreach (var plugin in plugins.Where(p => p.PackageSha256 is null))
        {
            plugin.PackageSha256 = await packages.Sha256Async(plugin.PackageFile, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        Registry.PutGroup(ConfigurationRegistry.PluginsGroup, plugins.Select(p => new PluginSectionDefinition(ParseManifest(p))));
    }

    public async Task<IReadOnlyList<PluginSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var plugins = await InstalledAsync(cancellationToken);
        var inDatabase = await installation.InstalledInDatabaseAsync(cancellationToken);
        var result = new List<PluginSummary>();
        foreach (var plugin in plugins)
        {
            result.Add(await SummarizeAsync(plugin, inDatabase.GetValueOrDefault(plugin.Id), cancellationToken));
        }

        return result;
    }

    /// <summary>The plug-ins this node has, as it reports them to the cluster and as the fingerprint covers them.</summary>
    public async Task<IReadOnlyList<PluginVersionInfo>> VersionsAsync(CancellationToken cancellationToken = default) =>
        (await InstalledAsync(cancellationToken)).Select(p => new PluginVersionInfo(p.Id, p.Version, p.Enabled, p.PackageSha256)).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();

    /// <summary>The installed plug-ins' rows, by name.</summary>
    public async Task<IReadOnlyList<InstalledPlugin>> InstalledAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Plugins.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Installs or upgrades a package from <paramref name="upload"/>. Installing the same or an older version needs
    /// <paramref name="confirmDowngrade"/>. Refused while other nodes of the cluster run.
    /// </summary>
    public Task<PluginInstallResult> InstallAsync(Actor actor, Stream upload, bool confirmDowngrade, CancellationToken cancellationToken = default) =>
        Telemetry.ConsoleMetrics.CountAsync(() => InstallPackageAsync(actor, upload, confirmDowngrade, cancellationToken), metrics.PluginInstalled);

    private async Task<PluginInstallResult> InstallPackageAsync(Actor actor, Stream upload, bool confirmDowngrade, CancellationToken cancellationToken)
    {
        actor.DemandAdministrator();
        using var staged = await packages.StageAsync(upload, cancellationToken);
        var (_, changes) = await installation.InstallAsync(new ConfigurationSave(actor, []), [staged], confirmDowngrade, cancellationToken);
        Changed?.Invoke();
        var change = changes.Single();
        var summary = (await ListAsync(cancellationToken)).Single(p => p.Id == change.Id);
        return new PluginInstallResult(summary, change.FromVersion, change.ToVersion, change.Description);
    }

    /// <summary>
    /// Installs packages staged from another node (a join) together with <paramref name="save"/>, all or nothing:
    /// the same or an older version is taken as confirmed.
    /// </summary>
    internal async Task<IReadOnlyList<RevisionSummary>> InstallWithAsync(ConfigurationSave save, IReadOnlyList<StagedPackage> staged, CancellationToken cancellationToken)
    {
        save.Actor.DemandAdministrator();
        var (revisions, _) = await installation.InstallAsync(save, staged, confirmDowngrade: true, cancellationToken);
        Changed?.Invoke();
        return revisions;
    }

    public async Task<PluginSummary> SetEnabledAsync(Actor actor, string id, bool enabled, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await WriteEnabledAsync(db, actor, id, enabled, cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
                Changed?.Invoke();
            }
        }

        return (await ListAsync(cancellationToken)).FirstOrDefault(p => p.Id == id) ?? throw NotInstalled(id);
    }

    /// <summary>A plug-in's settings form: its schema and its section's values.</summary>
    public async Task<PluginConfigurationView> GetConfigurationAsync(string id, CancellationToken cancellationToken = default)
    {
        var section = SectionOf(id);
        var read = await configuration.ReadAsync(section, cancellationToken);
        return new PluginConfigurationView(id, section.Manifest.Name, section.Name, section.Manifest.Configuration, SectionJson.Redact(section, read.Values), read.Version, section.Warnings(read.Values).Select(w => section.Field(w.Field)!.Label).ToList());
    }

    /// <summary>Removes the package and its content from the Orchestrator database; its section goes, its history stays. Refused while other nodes run.</summary>
    public async Task UninstallAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plugin = await FindAsync(db, id, cancellationToken);
        var database = (await configuration.GetAsync<DatabaseSettings>(cancellationToken)).Settings;
        // The check that no other node runs and the removal of the shared content are one transaction.
        await guard.RunAsync($"Uninstalling {plugin.Name}", database, async (orchestrator, ct) =>
        {
            await orchestrator.PluginContent.Where(c => c.PluginId == id).ExecuteDeleteAsync(ct);
            return await orchestrator.InstalledPlugins.Where(p => p.PluginId == id).ExecuteDeleteAsync(ct);
        }, cancellationToken);

        db.Plugins.Remove(plugin);
        audit.Add(db, actor, "plugin.uninstall", PluginSectionDefinition.NameOf(plugin.Id), $"{plugin.Name} ({plugin.Id}) {plugin.Version}");
        await db.SaveChangesAsync(cancellationToken);
        Registry.Remove(PluginSectionDefinition.NameOf(plugin.Id));
        packages.Delete(plugin.PackageFile);
        Changed?.Invoke();
    }

    /// <summary>The installed plug-ins with their manifests, for the content installer.</summary>
    internal async Task<IReadOnlyList<(InstalledPlugin Plugin, PluginManifest Manifest, string PackagePath)>> LoadWithManifestsAsync(CancellationToken cancellationToken) =>
        (await InstalledAsync(cancellationToken)).Select(p => (p, ParseManifest(p), packages.FullPath(p.PackageFile))).ToList();

    /// <summary>Sets enabled flags in <paramref name="db"/> with their audit, inside a caller's transaction (an import).</summary>
    internal async Task WriteEnabledAsync(SettingsDbContext db, Actor actor, IReadOnlyDictionary<string, bool> flags, CancellationToken cancellationToken)
    {
        foreach (var (id, enabled) in flags)
        {
            await WriteEnabledAsync(db, actor, id, enabled, cancellationToken);
        }
    }

    /// <summary>Tells pages and the heartbeat that plug-ins changed outside this service's own methods (an import).</summary>
    internal void NotifyChanged() => Changed?.Invoke();

    /// <summary>The plug-in's package file, for a node that joins the cluster.</summary>
    public async Task<string> PackagePathAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return packages.FullPath((await FindAsync(db, id, cancellationToken)).PackageFile);
    }

    private async Task<bool> WriteEnabledAsync(SettingsDbContext db, Actor actor, string id, bool enabled, CancellationToken cancellationToken)
    {
        var plugin = await FindAsync(db, id, cancellationToken);
        if (plugin.Enabled == enabled)
        {
            return false;
        }

        plugin.Enabled = enabled;
        plugin.Revision++;
        audit.Add(db, actor, enabled ? "plugin.enable" : "plugin.disable", PluginSectionDefinition.NameOf(id), $"{plugin.Name} ({plugin.Id})");
        return true;
    }

    private PluginSectionDefinition SectionOf(string id) =>
        Registry.Find(PluginSectionDefinition.NameOf(id)) as PluginSectionDefinition ?? throw NotInstalled(id);

    internal static PluginManifest ParseManifest(InstalledPlugin plugin) => PluginManifestParser.Parse(System.Text.Encoding.UTF8.GetBytes(plugin.Manifest));

    private async Task<PluginSummary> SummarizeAsync(InstalledPlugin plugin, string? inDatabase, CancellationToken cancellationToken)
    {
        var section = Registry.Find(PluginSectionDefinition.NameOf(plugin.Id)) as PluginSectionDefinition ?? new PluginSectionDefinition(ParseManifest(plugin));
        var values = (await configuration.ReadAsync(section, cancellationToken)).Values;
        var missing = section.Warnings(values).Select(w => section.Field(w.Field)!.Label).ToList();
        return new PluginSummary(plugin.Id, plugin.Name, plugin.Version, plugin.Vendor, plugin.Description, plugin.Enabled, inDatabase, missing.Count == 0, missing, section.Manifest.Content.Count, plugin.Revision);
    }

    private static async Task<InstalledPlugin> FindAsync(SettingsDbContext db, string id, CancellationToken cancellationToken) =>
        await db.Plugins.FirstOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw NotInstalled(id);

    private static NotFoundException NotInstalled(string id) => new($"There is no plug-in '{id}' on this node.");
}
