using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>Installs, upgrades, enables, configures and uninstalls plug-in packages on this node.</summary>
public sealed partial class PluginService(
    IDbContextFactory<SettingsDbContext> dbFactory,
    PluginPackageReader reader,
    NodePaths paths,
    SecretProtector secrets,
    ConfigurationService configuration,
    OrchestratorDatabase orchestratorDatabase,
    ContentChangeGuard guard,
    AuditService audit,
    TimeProvider time,
    ILogger<PluginService> logger)
{
    /// <summary>Raised after any change, so pages and the heartbeat see the new set.</summary>
    public event Action? Changed;

    public async Task<IReadOnlyList<PluginSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var plugins = await LoadAllAsync(cancellationToken);
        var inDatabase = await InstalledInDatabaseAsync(cancellationToken);
        return plugins.Select(p => Summarize(p, inDatabase.GetValueOrDefault(p.Id))).ToList();
    }

    /// <summary>The plug-ins and versions this node has, as it reports them to the cluster.</summary>
    public async Task<IReadOnlyList<PluginVersionInfo>> VersionsAsync(CancellationToken cancellationToken = default) =>
        (await LoadAllAsync(cancellationToken)).Select(p => new PluginVersionInfo(p.Id, p.Version, p.Enabled)).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Installs or upgrades a package from <paramref name="upload"/>. Installing the same or an older version needs
    /// <paramref name="confirmDowngrade"/>. Refused while other nodes of the cluster run.
    /// </summary>
    public async Task<PluginInstallResult> InstallAsync(Actor actor, Stream upload, bool confirmDowngrade, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        var incoming = Path.Combine(paths.PluginsDirectory, ".incoming");
        Directory.CreateDirectory(incoming);
        var temp = Path.Combine(incoming, Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            await CopyBoundedAsync(upload, temp, cancellationToken);
            var manifest = reader.Inspect(temp);
            if ((await InstalledInDatabaseAsync(cancellationToken)).GetValueOrDefault(manifest.Id) != manifest.Version.ToString())
            {
                // The shared content will change at the next start; the same version as the database holds changes nothing shared.
                await GuardAsync($"Installing {manifest.Name} {manifest.Version}", cancellationToken);
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var existing = await db.Plugins.FirstOrDefaultAsync(p => p.Id == manifest.Id, cancellationToken);
            string? from = existing?.Version;
            var change = Describe(existing, manifest);
            if (existing is not null && SemanticVersion.TryParse(existing.Version, out var installed) && manifest.Version.CompareTo(installed) <= 0 && !confirmDowngrade)
            {
                throw new ConfirmationNeededException(
                    $"{manifest.Name} {installed} is installed; installing {manifest.Version} is {(manifest.Version.CompareTo(installed) == 0 ? "the same version again" : "a downgrade")}. Confirm to go ahead.");
            }

            var folder = Path.Combine(paths.PluginsDirectory, manifest.Id);
            Directory.CreateDirectory(folder);
            var packageFile = Path.Combine(manifest.Id, $"{manifest.Version}.vmoapp");
            File.Move(temp, Path.Combine(paths.PluginsDirectory, packageFile), overwrite: true);
            var manifestJson = ReadManifestText(Path.Combine(paths.PluginsDirectory, packageFile));
            var previousSettings = existing is null ? null : PluginSettings.Unprotect(ParseManifest(existing), JsonNode.Parse(existing.Settings)!.AsObject(), secrets);
            var settings = PluginSettings.Protect(manifest, PluginSettings.Defaults(manifest, previousSettings), secrets);
            var oldPackage = existing?.PackageFile;
            if (existing is null)
            {
                existing = new InstalledPlugin
                {
                    Id = manifest.Id,
                    Name = manifest.Name,
                    Version = manifest.Version.ToString(),
                    Vendor = manifest.Vendor,
                    Manifest = manifestJson,
                    Settings = settings.ToJsonString(),
                    PackageFile = packageFile,
                    InstalledBy = actor.UserName,
                };
                db.Plugins.Add(existing);
            }

            existing.Name = manifest.Name;
            existing.Version = manifest.Version.ToString();
            existing.Vendor = manifest.Vendor;
            existing.Description = manifest.Description;
            existing.Enabled = true;
            existing.Manifest = manifestJson;
            existing.Settings = settings.ToJsonString();
            existing.PackageFile = packageFile;
            existing.PackageBytes = new FileInfo(Path.Combine(paths.PluginsDirectory, packageFile)).Length;
            existing.InstalledAt = time.GetUtcNow();
            existing.InstalledBy = actor.UserName;
            existing.Revision++;
            await db.SaveChangesAsync(cancellationToken);
            if (oldPackage is not null && oldPackage != packageFile)
            {
                File.Delete(Path.Combine(paths.PluginsDirectory, oldPackage));
            }

            LogInstalled(logger, manifest.Id, from ?? "-", manifest.Version.ToString(), actor.UserName);
            await audit.RecordAsync(actor, "plugin." + (from is null ? "install" : "upgrade"), "plugins", $"{manifest.Name} ({manifest.Id}) {change}", cancellationToken: cancellationToken);
            Changed?.Invoke();
            return new PluginInstallResult(Summarize(existing, (await InstalledInDatabaseAsync(cancellationToken)).GetValueOrDefault(existing.Id)), from, manifest.Version.ToString(), change);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public async Task<PluginSummary> SetEnabledAsync(Actor actor, string id, bool enabled, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plugin = await FindAsync(db, id, cancellationToken);
        if (plugin.Enabled != enabled)
        {
            plugin.Enabled = enabled;
            plugin.Revision++;
            await db.SaveChangesAsync(cancellationToken);
            await audit.RecordAsync(actor, enabled ? "plugin.enable" : "plugin.disable", "plugins", $"{plugin.Name} ({plugin.Id})", cancellationToken: cancellationToken);
            Changed?.Invoke();
        }

        return Summarize(plugin, (await InstalledInDatabaseAsync(cancellationToken)).GetValueOrDefault(plugin.Id));
    }

    public async Task<PluginConfigurationView> GetConfigurationAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plugin = await FindAsync(db, id, cancellationToken);
        var manifest = ParseManifest(plugin);
        var values = PluginSettings.Unprotect(manifest, JsonNode.Parse(plugin.Settings)!.AsObject(), secrets);
        return new PluginConfigurationView(plugin.Id, plugin.Name, manifest.Configuration, PluginSettings.Redact(manifest, values), plugin.Revision, PluginSettings.Missing(manifest, values));
    }

    /// <summary>Saves settings; fields left out keep their value, a secret sent as null keeps the stored one.</summary>
    public async Task<PluginConfigurationView> ConfigureAsync(Actor actor, string id, JsonObject changes, int? revision, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var plugin = await FindAsync(db, id, cancellationToken);
            if (revision is { } expected && expected != plugin.Revision)
            {
                throw new ConflictException($"The settings of {plugin.Name} were changed by someone else (now revision {plugin.Revision}); reload and apply your change again.", "Someone saved first");
            }

            var manifest = ParseManifest(plugin);
            var current = PluginSettings.Unprotect(manifest, JsonNode.Parse(plugin.Settings)!.AsObject(), secrets);
            var merged = PluginSettings.Merge(manifest, current, changes, out var errors);
            if (errors.Count > 0)
            {
                throw new ValidationFailedException($"The settings of {plugin.Name} were not saved: " + string.Join(" ", errors.Values.SelectMany(m => m)), errors.ToDictionary(e => e.Key, e => e.Value));
            }

            plugin.Settings = PluginSettings.Protect(manifest, merged, secrets).ToJsonString();
            plugin.Revision++;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new ConflictException($"The settings of {plugin.Name} were changed by someone else at the same moment; reload and apply your change again.", "Someone saved first");
            }

            await audit.RecordAsync(actor, "plugin.configure", "plugins", $"{plugin.Name} ({plugin.Id}): {string.Join(", ", changes.Select(c => c.Key))}", cancellationToken: cancellationToken);
        }

        Changed?.Invoke();
        return await GetConfigurationAsync(id, cancellationToken);
    }

    /// <summary>Removes the package and its settings, and its content from the Orchestrator database; refused while other nodes run.</summary>
    public async Task UninstallAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        await GuardAsync("Uninstalling a plug-in", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plugin = await FindAsync(db, id, cancellationToken);
        var database = (await configuration.GetAsync<DatabaseSettings>(cancellationToken)).Settings;
        try
        {
            await using var orchestrator = orchestratorDatabase.CreateContext(database);
            // PostgreSQL retries on transient failures: a transaction must run inside the execution strategy.
            await orchestrator.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await orchestrator.Database.BeginTransactionAsync(cancellationToken);
                await orchestrator.PluginContent.Where(c => c.PluginId == id).ExecuteDeleteAsync(cancellationToken);
                await orchestrator.InstalledPlugins.Where(p => p.PluginId == id).ExecuteDeleteAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            });
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or ConflictException)
        {
            throw new ConflictException($"{plugin.Name} was not uninstalled: its content could not be removed from the Orchestrator database ({ex.Message}).", "Database unavailable");
        }

        db.Plugins.Remove(plugin);
        await db.SaveChangesAsync(cancellationToken);
        var package = Path.Combine(paths.PluginsDirectory, plugin.PackageFile);
        if (File.Exists(package))
        {
            File.Delete(package);
        }

        await audit.RecordAsync(actor, "plugin.uninstall", "plugins", $"{plugin.Name} ({plugin.Id}) {plugin.Version}", cancellationToken: cancellationToken);
        Changed?.Invoke();
    }

    /// <summary>The installed plug-ins with their manifests, for the content installer.</summary>
    internal async Task<IReadOnlyList<(InstalledPlugin Plugin, PluginManifest Manifest, string PackagePath)>> LoadWithManifestsAsync(CancellationToken cancellationToken)
    {
        var plugins = await LoadAllAsync(cancellationToken);
        return plugins.Select(p => (p, ParseManifest(p), Path.Combine(paths.PluginsDirectory, p.PackageFile))).ToList();
    }

    /// <summary>Every installed plug-in with its manifest and settings in clear, for an export.</summary>
    internal async Task<IReadOnlyList<(InstalledPlugin Plugin, PluginManifest Manifest, JsonObject Settings)>> ReadForExportAsync(CancellationToken cancellationToken)
    {
        var plugins = await LoadAllAsync(cancellationToken);
        return plugins.Select(p =>
        {
            var manifest = ParseManifest(p);
            return (p, manifest, PluginSettings.Unprotect(manifest, JsonNode.Parse(p.Settings)!.AsObject(), secrets));
        }).ToList();
    }

    /// <summary>Writes imported enabled flags and settings (in clear) into <paramref name="db"/>, inside the import's transaction.</summary>
    internal async Task ApplyImportAsync(SettingsDbContext db, IReadOnlyDictionary<string, (bool Enabled, JsonObject Settings)> imported, CancellationToken cancellationToken)
    {
        foreach (var (id, (enabled, settings)) in imported)
        {
            var plugin = await FindAsync(db, id, cancellationToken);
            var manifest = ParseManifest(plugin);
            plugin.Enabled = enabled;
            plugin.Settings = PluginSettings.Protect(manifest, settings, secrets).ToJsonString();
            plugin.Revision++;
        }
    }

    /// <summary>Tells pages and the heartbeat that plug-ins changed outside this service's own methods (an import).</summary>
    internal void NotifyChanged() => Changed?.Invoke();

    /// <summary>The plug-in's package file, for a node that joins the cluster.</summary>
    public async Task<string> PackagePathAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return Path.Combine(paths.PluginsDirectory, (await FindAsync(db, id, cancellationToken)).PackageFile);
    }

    private async Task GuardAsync(string change, CancellationToken cancellationToken)
    {
        var database = (await configuration.GetAsync<DatabaseSettings>(cancellationToken)).Settings;
        try
        {
            await guard.EnsureNoOtherNodesRunningAsync(change, database, cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException)
        {
            // The database is unreachable: no node can be running on it either.
            LogGuardSkipped(logger, ex.Message);
        }
    }

    private async Task CopyBoundedAsync(Stream upload, string path, CancellationToken cancellationToken)
    {
        var max = reader.Limits.MaxPackageBytes;
        await using var file = File.Create(path);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await upload.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > max)
            {
                throw new PayloadTooLargeException($"The package is larger than the {max / 1048576} MB limit.");
            }

            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    private static string ReadManifestText(string packagePath)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(packagePath);
        using var stream = zip.GetEntry(PluginPackageReader.ManifestName)!.Open();
        using var text = new StreamReader(stream, Encoding.UTF8);
        return text.ReadToEnd();
    }

    private static string Describe(InstalledPlugin? existing, PluginManifest manifest)
    {
        if (existing is null)
        {
            return $"installed at version {manifest.Version}";
        }

        return SemanticVersion.TryParse(existing.Version, out var from) && manifest.Version.CompareTo(from) > 0
            ? $"upgraded from {existing.Version} to {manifest.Version}"
            : manifest.Version.CompareTo(from) == 0 ? $"reinstalled at version {manifest.Version}" : $"downgraded from {existing.Version} to {manifest.Version}";
    }

    internal static PluginManifest ParseManifest(InstalledPlugin plugin) => PluginManifestParser.Parse(Encoding.UTF8.GetBytes(plugin.Manifest));

    private PluginSummary Summarize(InstalledPlugin plugin, string? inDatabase)
    {
        var manifest = ParseManifest(plugin);
        var missing = PluginSettings.Missing(manifest, JsonNode.Parse(plugin.Settings)!.AsObject());
        return new PluginSummary(plugin.Id, plugin.Name, plugin.Version, plugin.Vendor, plugin.Description, plugin.Enabled, inDatabase, missing.Count == 0, missing, manifest.Content.Count, plugin.Revision);
    }

    private async Task<List<InstalledPlugin>> LoadAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Plugins.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
    }

    private async Task<Dictionary<string, string>> InstalledInDatabaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            var database = (await configuration.GetAsync<DatabaseSettings>(cancellationToken)).Settings;
            await using var orchestrator = orchestratorDatabase.CreateContext(database);
            return await orchestrator.InstalledPlugins.AsNoTracking().ToDictionaryAsync(p => p.PluginId, p => p.Version, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The Orchestrator database is unreachable or not installed: the versions it holds are unknown.
            LogDatabaseUnknown(logger, ex.GetType().Name);
            return [];
        }
    }

    private static async Task<InstalledPlugin> FindAsync(SettingsDbContext db, string id, CancellationToken cancellationToken) =>
        await db.Plugins.FirstOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw new NotFoundException($"There is no plug-in '{id}' on this node.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Plug-in {Id} installed: {From} -> {To} by {User}")]
    private static partial void LogInstalled(ILogger logger, string id, string from, string to, string user);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Plug-in versions in the Orchestrator database are unknown: {Error}")]
    private static partial void LogDatabaseUnknown(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The content-change guard could not ask the Orchestrator database: {Error}")]
    private static partial void LogGuardSkipped(ILogger logger, string error);
}
