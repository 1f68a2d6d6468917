using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.ConfigurationTransfer;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Core.Features.Trust;
using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// Node to node: join a cluster through another node, push this node's configuration to out-of-sync nodes, and
/// compare two nodes field by field. The calls go through <see cref="NodeToNodeClient"/>; pushes are signed with the
/// cluster key and name the acting administrator.
/// </summary>
public sealed partial class ClusterSyncService(
    NodeToNodeClient nodes,
    ClusterKeyCache keys,
    ConfigurationService configuration,
    ConfigurationTransferService transfer,
    PluginService plugins,
    PluginPackageStore packages,
    ClusterService cluster,
    AuditService audit,
    TrustService trust,
    ServerCertificateService certificate,
    NodeAddress address,
    Telemetry.ConsoleMetrics metrics)
{
    /// <summary>
    /// This node's configuration for comparison: every non-identity section of the registry (each plug-in's settings
    /// included), secrets as keyed hashes, and the installed plug-ins (version, enabled, package checksum).
    /// </summary>
    public async Task<JsonObject> ComparisonViewAsync(byte[] clusterKey, CancellationToken cancellationToken)
    {
        var view = new JsonObject();
        foreach (var section in configuration.Registry.Sections.Where(s => !s.Flags.HasFlag(FieldFlags.Identity)))
        {
            var values = (await configuration.ReadAsync(section, cancellationToken)).Values;
            var fields = new JsonObject();
            foreach (var field in section.Fields)
            {
                fields[field.Name] = field.IsSecret && values[field.Name] is { } secret
                    ? ConfigurationFingerprint.KeyedHash(clusterKey, field.Path, secret.ToJsonString())
                    : values[field.Name]?.DeepClone();
            }

            view[section.Name] = fields;
        }

        var installed = new JsonObject();
        foreach (var plugin in await plugins.VersionsAsync(cancellationToken))
        {
            installed[plugin.Id] = new JsonObject { ["version"] = plugin.Version, ["enabled"] = plugin.Enabled, ["contentSha256"] = plugin.ContentSha256 };
        }

        view[ConfigurationFile.PluginsSection] = installed;
        return view;
    }

    /// <summary>The field-level diff between two nodes of the cluster.</summary>
    public async Task<DriftReport> DriftAsync(Actor actor, Guid nodeA, Guid nodeB, CancellationToken cancellationToken = default)
    {
        var key = await keys.GetAsync(cancellationToken);
        var nodes = (await cluster.GetAsync(cancellationToken)).Nodes;
        var a = Find(nodes, nodeA);
        var b = Find(nodes, nodeB);
        var viewA = await ViewOfAsync(a, key, actor, cancellationToken);
        var viewB = await ViewOfAsync(b, key, actor, cancellationToken);
        var fields = DriftComparison.Compare(viewA, viewB);
        return new DriftReport(a.NodeId, a.Name, b.NodeId, b.Name, fields);
    }

    /// <summary>Pushes this node's configuration (and the plug-in packages a node lacks) to each chosen node.</summary>
    public async Task<IReadOnlyList<NodeSyncOutcome>> SynchronizeAsync(Actor actor, IReadOnlyList<Guid>? nodeIds, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        var key = await keys.GetAsync(cancellationToken);
        var nodes = (await cluster.GetAsync(cancellationToken)).Nodes.Where(n => !n.IsThisNode).ToList();
        var targets = nodeIds is { Count: > 0 }
            ? nodeIds.Select(id => nodes.FirstOrDefault(n => n.NodeId == id) ?? throw new NotFoundException($"There is no other node {id} in the cluster.")).ToList()
            : nodes.Where(n => n.SyncState == SyncStates.SynchronizationRequired).ToList();
        var mine = await plugins.VersionsAsync(cancellationToken);
        var outcomes = new List<NodeSyncOutcome>();
        foreach (var node in targets)
        {
            outcomes.Add(await PushAsync(actor, node, key, mine, cancellationToken));
            metrics.Synchronized(outcomes[^1].Succeeded);
        }

        return outcomes;
    }

    /// <summary>Applies a configuration pushed by another node of the cluster (the receiving side of Synchronize).</summary>
    public async Task<ImportResult> ReceivePushAsync(Actor actor, SignedApplyRequest request, CancellationToken cancellationToken)
    {
        var key = await keys.GetAsync(cancellationToken);
        var import = new ImportRequest(Convert.FromBase64String(request.File), PushPassword(key, request.Nonce), "synchronization.vmoconfig");
        // Safe to repeat, as the sender retries a push whose answer it lost: a push names no expected versions, and a
        // section that already holds the pushed values gets no revision. Only a retry racing its own first attempt conflicts.
        try
        {
            return await transfer.ApplyAsync(actor, import, cancellationToken);
        }
        catch (StaleVersionException)
        {
            var preview = await transfer.PreviewAsync(actor, import, cancellationToken);
            if (preview.Sections.Any(s => s.Changes && preview.DefaultSections.Contains(s.Section)))
            {
                throw;
            }

            return new ImportResult(preview.DefaultSections, [], false, $"push from node {preview.SourceNode} ({preview.SourceNodeId}), already held");
        }
    }

    private async Task<NodeSyncOutcome> PushAsync(Actor actor, ClusterNodeView node, byte[] key, IReadOnlyList<PluginVersionInfo> mine, CancellationToken cancellationToken)
    {
        var sent = new List<string>();
        try
        {
            if (node.State != NodeStates.Running && node.State != NodeStates.Stopped)
            {
                return new NodeSyncOutcome(node.NodeId, node.Name, node.PublicUrl, false, $"{node.Name} is {node.State}; nothing was sent.", sent);
            }

            var baseUri = new Uri(node.PublicUrl.TrimEnd('/') + "/");
            using var client = nodes.ClientFor(baseUri);
            using var packageClient = nodes.ClientFor(baseUri, NodeToNodeClient.PackageHttpClientName);
            var theirs = PluginVersionInfo.VersionsIn(node.Plugins);
            foreach (var plugin in mine.Where(p => theirs.GetValueOrDefault(p.Id) != p.Version))
            {
                var path = await plugins.PackagePathAsync(plugin.Id, cancellationToken);
                var form = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(path, cancellationToken)), "package", Path.GetFileName(path) } };
                using var response = await nodes.SendSignedAsync(packageClient, HttpMethod.Post, "api/cluster/internal/plugins", form, node, key, actor, cancellationToken);
                await NodeToNodeClient.EnsureOkAsync(response, baseUri, $"refused the package of {plugin.Id}", cancellationToken);
                sent.Add($"{plugin.Id} {plugin.Version}");
            }

            var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            var (file, _) = await transfer.ExportAsync(actor, PushPassword(key, nonce), cancellationToken);
            using var apply = await nodes.SendSignedAsync(client, HttpMethod.Post, "api/cluster/internal/apply", JsonContent.Create(new SignedApplyRequest(Convert.ToBase64String(file), nonce)), node, key, actor, cancellationToken);
            await NodeToNodeClient.EnsureOkAsync(apply, baseUri, "refused the configuration", cancellationToken);
            await audit.RecordAsync(actor, "cluster.synchronize", null, $"{node.Name} ({node.PublicUrl}): applied" + (sent.Count > 0 ? $"; packages sent: {string.Join(", ", sent)}" : string.Empty), cancellationToken: cancellationToken);
            return new NodeSyncOutcome(node.NodeId, node.Name, node.PublicUrl, true, $"{node.Name} now holds this node's configuration; it applies at its next restart." + (sent.Count > 0 ? $" Plug-ins sent: {string.Join(", ", sent)}." : string.Empty), sent);
        }
        catch (ConsoleException ex)
        {
            await audit.RecordAsync(actor, "cluster.synchronize", null, $"{node.Name} ({node.PublicUrl}): {ex.Message}", false, cancellationToken);
            return new NodeSyncOutcome(node.NodeId, node.Name, node.PublicUrl, false, ex.Message, sent);
        }
    }

    private async Task<JsonObject> ViewOfAsync(ClusterNodeView node, byte[] key, Actor actor, CancellationToken cancellationToken)
    {
        if (node.IsThisNode)
        {
            return await ComparisonViewAsync(key, cancellationToken);
        }

        var baseUri = new Uri(node.PublicUrl.TrimEnd('/') + "/");
        using var client = nodes.ClientFor(baseUri);
        using var response = await nodes.SendSignedAsync(client, HttpMethod.Get, "api/cluster/internal/configuration", null, node, key, actor, cancellationToken);
        await NodeToNodeClient.EnsureOkAsync(response, baseUri, "refused the comparison", cancellationToken);
        return await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) ?? [];
    }

    /// <summary>The one-time export password of a push: derived from the cluster key, so it never crosses the network.</summary>
    private static string PushPassword(byte[] key, string nonce) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("orchestrator-console push v1\n" + nonce)));

    private static ClusterNodeView Find(IReadOnlyList<ClusterNodeView> nodes, Guid id) =>
        nodes.FirstOrDefault(n => n.NodeId == id) ?? throw new NotFoundException($"There is no node {id} in the cluster.");

}
