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

    /// <summary>Installs what is due; returns a sentence saying what was done.</summary>
    public async Task<string> InstallDueAsync(DatabaseSettings database, Guid nodeId, CancellationToken cancellationToken = default)
    {
        var reset = await IsResetPendingAsync(cancellationToken);
        var installed = (await plugins.LoadWithManifestsAsync(cancellationToken)).Where(p => p.Plugin.Enabled).ToList();
        await using var context = orchestratorDatabase.CreateContext(database);
        var versions = await context.InstalledPlugins.AsNoTracking().ToDictionaryAsync(p => p.PluginId, p => p.Version, cancellationToken);
        var due = installed.Where(p => reset || versions.GetValueOrDefault(p.Plugin.Id) != p.Plugin.Version).ToList();
        if (due.Count == 0)
        {
            await ClearResetAsync(cancellationToken);
            return reset ? "Reset current version: there is no enabled plug-in to reinstall." : "No plug-in content is due.";
        }

        await guard.EnsureNoOtherNodesRunningAsync($"Installing plug-in content ({string.Join(", ", due.Select(d => d.Plugin.Name))})", database, cancellationToken);
        var strategy = context.Database.CreateExecutionStrategy();
        var counts = new List<string>();
        await strategy.ExecuteAsync(async () =>
        {
            counts.Clear();
            context.ChangeTracker.Clear();
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            foreach (var (plugin, manifest, packagePath) in due)
            {
                var items = reader.ReadContent(packagePath, manifest);
                await context.PluginContent.Where(c => c.PluginId == plugin.Id).ExecuteDeleteAsync(cancellationToken);
                context.PluginContent.AddRange(items.Select(i => new PluginContentRecord { PluginId = plugin.Id, ItemId = i.Id, Kind = i.Kind, Name = i.Name, Body = i.Body, Checksum = i.Checksum }));
                var record = await context.InstalledPlugins.FirstOrDefaultAsync(p => p.PluginId == plugin.Id, cancellationToken);
                if (record is null)
                {
                    record = new InstalledPluginRecord { PluginId = plugin.Id, Version = plugin.Version };
                    context.InstalledPlugins.Add(record);
                }

                record.Version = plugin.Version;
                record.InstalledAt = time.GetUtcNow();
                record.InstalledBy = nodeId;
                await context.SaveChangesAsync(cancellationToken);
                counts.Add($"{plugin.Name} {plugin.Version} ({items.Count} item{(items.Count == 1 ? string.Empty : "s")})");
            }

            await transaction.CommitAsync(cancellationToken);
        });

        await ClearResetAsync(cancellationToken);
        var message = (reset ? "Reinstalled (Reset current version): " : "Installed: ") + string.Join(", ", counts) + ".";
        LogInstalled(logger, message);
        return message;
    }

    public async Task<bool> IsResetPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.NodeProperties.AnyAsync(p => p.Key == ResetFlag, cancellationToken);
    }

    internal async Task SetResetAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.NodeProperties.AnyAsync(p => p.Key == ResetFlag, cancellationToken))
        {
            db.NodeProperties.Add(new NodeProperty { Key = ResetFlag, Value = time.GetUtcNow().ToString("O") });
            await db.SaveChangesAsync(cancellationToken);
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
