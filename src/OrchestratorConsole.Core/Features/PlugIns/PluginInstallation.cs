using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>
/// Puts staged packages in place together with a configuration save, in one transaction of the settings store: the
/// plug-ins' rows, their sections (mapped by field name on an upgrade), their audit events and the save's own changes
/// land together or not at all, and a package file is kept only when its row is. One installation at a time per node,
/// so two uploads of one plug-in cannot interleave.
/// </summary>
public sealed partial class PluginInstallation(
    PluginPackageStore packages,
    ConfigurationService configuration,
    OrchestratorDatabase orchestratorDatabase,
    ContentChangeGuard guard,
    AuditService audit,
    TimeProvider time,
    IDbContextFactory<SettingsDbContext> dbFactory,
    ILogger<PluginInstallation> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// Installs <paramref name="staged"/> with <paramref name="save"/>. The same or an older version than the one
    /// installed is refused (409) unless <paramref name="confirmDowngrade"/>; new content is refused while other nodes
    /// of the cluster run.
    /// </summary>
    public async Task<(IReadOnlyList<RevisionSummary> Revisions, IReadOnlyList<PackageChange> Packages)> InstallAsync(
        ConfigurationSave save, IReadOnlyList<StagedPackage> staged, bool confirmDowngrade, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var inDatabase = await InstalledInDatabaseAsync(cancellationToken);
            foreach (var manifest in staged.Select(s => s.Manifest).Where(m => inDatabase.GetValueOrDefault(m.Id) != m.Version.ToString()))
            {
                // The shared content changes at the next start; the version the database already holds changes nothing shared.
                await GuardAsync($"Installing {manifest.Name} {manifest.Version}", cancellationToken);
            }

            List<InstalledPlugin> rows;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                rows = await db.Plugins.AsNoTracking().ToListAsync(cancellationToken);
            }

            var plans = new List<Plan>();
            var changes = save.Changes.ToList();
            foreach (var package in staged)
            {
                var existing = rows.FirstOrDefault(p => p.Id == package.Manifest.Id);
                var change = PluginVersionChange.Describe(existing?.Version, package.Manifest, confirmDowngrade);
                var section = new PluginSectionDefinition(package.Manifest);
                var current = await configuration.ReadAsync(configuration.Registry.Find(section.Name) ?? section, cancellationToken);
                AddMapped(changes, section, current);
                plans.Add(new Plan(package, section, existing, new PackageChange(package.Manifest.Id, package.Manifest.Name, existing?.Version, package.Manifest.Version.ToString(), change)));
            }

            IReadOnlyList<RevisionSummary> revisions;
            try
            {
                plans.ForEach(p => p.File = packages.Keep(p.Staged));
                revisions = await configuration.SaveManyAsync(
                    save with
                    {
                        Changes = changes,
                        Source = save.Source ?? string.Join("; ", plans.Select(p => $"{p.Change.Name} {p.Change.Description}")),
                        ClearSecretsSentAsNull = true,
                        Defining = [.. save.Defining, .. plans.Select(p => p.Section)],
                        Alongside = async (db, ct) =>
                        {
                            foreach (var plan in plans)
                            {
                                await WriteRowAsync(db, save.Actor, plan, ct);
                            }

                            // Written within the transaction, so that the save's own writes (an import's enabled flags) find the rows.
                            await db.SaveChangesAsync(ct);
                            if (save.Alongside is not null)
                            {
                                await save.Alongside(db, ct);
                            }
                        },
                    },
                    cancellationToken);
            }
            catch
            {
                // Nothing was recorded: a file kept for it must not outlive the refusal (the one a row names stays).
                foreach (var plan in plans.Where(p => p.File is not null && p.File != p.Existing?.PackageFile))
                {
                    packages.Delete(plan.File!);
                }

                throw;
            }

            foreach (var plan in plans)
            {
                configuration.Registry.Put(plan.Section);
                if (plan.Existing is not null && plan.Existing.PackageFile != plan.File)
                {
                    packages.Delete(plan.Existing.PackageFile);
                }

                LogInstalled(logger, plan.Change.Id, plan.Change.FromVersion ?? "-", plan.Change.ToVersion, save.Actor.UserName);
            }

            return (revisions, plans.Select(p => p.Change).ToList());
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The plug-in versions the Orchestrator database holds; empty when it cannot be read.</summary>
    public async Task<Dictionary<string, string>> InstalledInDatabaseAsync(CancellationToken cancellationToken)
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

    /// <summary>The content-change guard for <paramref name="change"/>: refused while other nodes run, or when that cannot be checked.</summary>
    private async Task GuardAsync(string change, CancellationToken cancellationToken) =>
        await guard.EnsureNoOtherNodesRunningAsync(change, (await configuration.GetAsync<DatabaseSettings>(cancellationToken)).Settings, cancellationToken);

    /// <summary>The section's values mapped onto the new schema, under whatever the save itself sets for that section.</summary>
    private static void AddMapped(List<SectionChange> changes, PluginSectionDefinition section, SectionValues current)
    {
        var mapped = section.Map(current.Values);
        var i = changes.FindIndex(c => c.Section == section.Name);
        if (i < 0)
        {
            changes.Add(new SectionChange(section.Name, mapped, current.Version));
            return;
        }

        foreach (var (key, value) in changes[i].Values)
        {
            mapped[key] = value?.DeepClone();
        }

        changes[i] = changes[i] with { Values = mapped, ExpectedVersion = changes[i].ExpectedVersion ?? current.Version };
    }

    private async Task WriteRowAsync(SettingsDbContext db, Actor actor, Plan plan, CancellationToken cancellationToken)
    {
        var manifest = plan.Staged.Manifest;
        var row = await db.Plugins.FirstOrDefaultAsync(p => p.Id == manifest.Id, cancellationToken);
        if (row is null)
        {
            row = new InstalledPlugin { Id = manifest.Id, Name = manifest.Name, Version = string.Empty, Vendor = manifest.Vendor, Manifest = plan.Staged.ManifestJson, PackageFile = plan.File!, InstalledBy = actor.UserName };
            db.Plugins.Add(row);
        }

        var action = row.Version.Length == 0 ? "plugin.install" : "plugin.upgrade";
        row.Name = manifest.Name;
        row.Version = manifest.Version.ToString();
        row.Vendor = manifest.Vendor;
        row.Description = manifest.Description;
        row.Enabled = true;
        row.Manifest = plan.Staged.ManifestJson;
        row.PackageFile = plan.File!;
        row.PackageBytes = plan.Staged.Bytes;
        row.PackageSha256 = plan.Staged.Sha256;
        row.InstalledAt = time.GetUtcNow();
        row.InstalledBy = actor.UserName;
        row.Revision++;
        audit.Add(db, actor, action, plan.Section.Name, $"{manifest.Name} ({manifest.Id}) {plan.Change.Description}");
    }

    private sealed record Plan(StagedPackage Staged, PluginSectionDefinition Section, InstalledPlugin? Existing, PackageChange Change)
    {
        public string? File { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Plug-in {Id} installed: {From} -> {To} by {User}")]
    private static partial void LogInstalled(ILogger logger, string id, string from, string to, string user);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Plug-in versions in the Orchestrator database are unknown: {Error}")]
    private static partial void LogDatabaseUnknown(ILogger logger, string error);
}
