using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Data.Orchestrator;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>
/// At server start, installs into the Orchestrator database the content of each enabled plug-in whose version the
/// database lacks — or of every enabled plug-in after <c>Reset current version</c> — in one transaction, recording the
/// installed version per plug-in. Refused while other nodes of the cluster run.
/// </summary>
public sealed partial class PluginContentInstaller(
    PluginService plugins,
    PluginPackageReader reader,
    OrchestratorDatabase orchestratorDatabase,
    IDbContextFactory<SettingsDbContext> dbFactory,
    ContentChangeGuard guard,
    TimeProvider time,
    ILogger<PluginContentInstaller> logger)
{
    public const string ResetFlag = "plugins.reset-current-version";

    /// <summary>
    /// Installs what is due; returns a sentence saying what was done. The content is written under the content-change
    /// guard, whose lock makes a node that starts at the same moment wait, then find the content installed.
    /// </summary>
    public async Task<string> InstallDueAsync(DatabaseSettings database, Guid nodeId, CancellationToken cancellationToken = default)
    {
        var reset = await IsResetPendingAsync(cancellationToken);
        var enabled = (await plugins.LoadWithManifestsAsync(cancellationToken)).Where(p => p.Plugin.Enabled).ToList();
        List<(InstalledPlugin Plugin, PluginManifest Manifest, string PackagePath)> Due(Dictionary<string, string> versions) =>
            enabled.Where(p => reset || versions.GetValueOrDefault(p.Plugin.Id) != p.Plugin.Version).ToList();

        List<(InstalledPlugin Plugin, PluginManifest Manifest, string PackagePath)> due;
        await using (var context = orchestratorDatabase.CreateContext(database))
        {
            due = Due(await context.InstalledPlugins.AsNoTracking().ToDictionaryAsync(p => p.PluginId, p => p.Version, cancellationToken));
        }

        if (due.Count == 0)
        {
            await ClearResetAsync(cancellationToken);
            return reset ? "Reset current version: there is no enabled plug-in to reinstall." : "No plug-in content is due.";
        }

        // Read again under the lock: a node that started at the same moment may have installed it meanwhile.
        var counts = await guard.RunIfDueAsync(
            $"Installing plug-in content ({string.Join(", ", due.Select(d => d.Plugin.Name))})",
            database,
            async (context, ct) => (due = Due(await context.InstalledPlugins.AsNoTracking().ToDictionaryAsync(p => p.PluginId, p => p.Version, ct))).Count > 0,
            (context, ct) => InstallAsync(context, due, nodeId, ct),
            [],
            cancellationToken);

        await ClearResetAsync(cancellationToken);
        var message = counts.Count == 0
            ? "The plug-in content was installed meanwhile by another node; nothing was due any more."
            : (reset ? "Reinstalled (Reset current version): " : "Installed: ") + string.Join(", ", counts) + ".";
        LogInstalled(logger, message);
        return message;
    }

    /// <summary>Writes the content of each due plug-in and records its version, in the guard's transaction.</summary>
    private async Task<List<string>> InstallAsync(OrchestratorDbContext context, List<(InstalledPlugin Plugin, PluginManifest Manifest, string PackagePath)> due, Guid nodeId, CancellationToken ct)
    {
        var counts = new List<string>();
        foreach (var (plugin, manifest, packagePath) in due)
        {
            var items = reader.ReadContent(packagePath, manifest);
            await context.PluginContent.Where(c => c.PluginId == plugin.Id).ExecuteDeleteAsync(ct);
            context.PluginContent.AddRange(items.Select(i => new PluginContentRecord { PluginId = plugin.Id, ItemId = i.Id, Kind = i.Kind, Name = i.Name, Body = i.Body, Checksum = i.Checksum }));
            var record = await context.InstalledPlugins.FirstOrDefaultAsync(p => p.PluginId == plugin.Id, ct);
            if (record is null)
            {
                record = new InstalledPluginRecord { PluginId = plugin.Id, Version = plugin.Version };
                context.InstalledPlugins.Add(record);
            }

            record.Version = plugin.Version;
            record.InstalledAt = time.GetUtcNow();
            record.InstalledBy = nodeId;
            await context.SaveChangesAsync(ct);
            counts.Add($"{plugin.Name} {plugin.Version} ({items.Count} item{(items.Count == 1 ? string.Empty : "s")})");
        }

        return counts;
    }

    public async Task<bool> IsResetPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.NodeProperties.AnyAsync(p => p.Key == ResetFlag, cancellationToken);
    }

    internal async Task SetResetAsync(CancellationToken cancellationToken)
    {
        // A server start clears the flag, and another reset sets it, between this read of its row and this save: the
        // save then finds the row gone or already there. Read again and set it; the reset asked for is kept.
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            try
            {
                await db.SetPropertyAsync(ResetFlag, time.GetUtcNow().ToString("O"), cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
            }
        }
    }

    private async Task ClearResetAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.NodeProperties.Where(p => p.Key == ResetFlag).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Plug-in content: {Message}")]
    private static partial void LogInstalled(ILogger logger, string message);
}
