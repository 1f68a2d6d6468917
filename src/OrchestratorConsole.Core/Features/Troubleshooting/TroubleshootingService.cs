using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Logs;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.PlugIns;

namespace OrchestratorConsole.Core.Features.Troubleshooting;

/// <summary>The Troubleshooting tab: Reset current version, and the log report (support bundle).</summary>
public sealed class TroubleshootingService(
    PluginContentInstaller installer,
    PluginService plugins,
    ConfigurationService configuration,
    ClusterService cluster,
    NodeInfoService node,
    NodeLog log,
    NodePaths paths,
    AuditService audit,
    TimeProvider time)
{
    private static readonly JsonSerializerOptions Indented = new(ConfigurationRegistry.JsonOptions) { WriteIndented = true };

    /// <summary>Makes the next server start reinstall all plug-in content, even versions the database records as installed.</summary>
    public async Task ResetCurrentVersionAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Roles.Administrator, Roles.Support);
        await installer.SetResetAsync(cancellationToken);
        await audit.RecordAsync(actor, "troubleshooting.reset-current-version", "plugins", "the next start reinstalls all plug-in content", cancellationToken: cancellationToken);
    }

    public Task<bool> IsResetPendingAsync(CancellationToken cancellationToken = default) => installer.IsResetPendingAsync(cancellationToken);

    /// <summary>A zip of the recent logs, the redacted configuration and the cluster state. No secret is in it.</summary>
    public async Task<(byte[] Zip, string FileName)> GenerateLogReportAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            await AddTextAsync(zip, "logs/recent.log", string.Join('\n', log.Recent(NodeLog.Capacity)));
            foreach (var file in Directory.Exists(paths.LogsDirectory) ? Directory.GetFiles(paths.LogsDirectory, "*.log").OrderDescending().Take(3) : [])
            {
                zip.CreateEntryFromFile(file, "logs/" + Path.GetFileName(file));
            }

            var sections = new JsonObject();
            foreach (var section in ConfigurationRegistry.Sections)
            {
                var view = await configuration.GetViewAsync(section.Name, cancellationToken);
                sections[section.Name] = view.ToJson();
            }

            var pluginSettings = new JsonArray();
            foreach (var plugin in await plugins.ListAsync(cancellationToken))
            {
                var settings = await plugins.GetConfigurationAsync(plugin.Id, cancellationToken);
                pluginSettings.Add(new JsonObject { ["id"] = plugin.Id, ["version"] = plugin.Version, ["enabled"] = plugin.Enabled, ["installedInDatabase"] = plugin.InstalledInDatabase, ["settings"] = settings.Values.DeepClone() });
            }

            sections["plugins"] = pluginSettings;
            await AddTextAsync(zip, "configuration.json", sections.ToJsonString(Indented));
            await AddTextAsync(zip, "node.json", JsonSerializer.Serialize(await node.GetAsync(cancellationToken), Indented));
            await AddTextAsync(zip, "cluster.json", JsonSerializer.Serialize(await cluster.GetAsync(cancellationToken), Indented));
        }

        await audit.RecordAsync(actor, "troubleshooting.log-report", null, null, cancellationToken: cancellationToken);
        return (buffer.ToArray(), $"orchestrator-log-report-{now:yyyyMMdd-HHmmss}.zip");
    }

    private static async Task AddTextAsync(ZipArchive zip, string name, string text)
    {
        await using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
    }
}
