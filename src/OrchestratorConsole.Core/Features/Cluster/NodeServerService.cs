using System.Net;
using System.Net.Http.Json;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Server;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// Starts, stops and restarts other nodes' servers: a call signed with the cluster key to the node's own
/// <c>/api/cluster/internal/server/*</c>, which runs its local start, stop or restart and writes its audit entry naming
/// the administrator (and this node). Also the seed's rule for content changes as one action: all the other nodes, one
/// at a time, each start or restart waiting until that node reports Running before the next.
/// </summary>
public sealed class NodeServerService(NodeToNodeClient nodes, ClusterKeyCache keys, ClusterService cluster, AuditService audit, TimeProvider time)
{
    /// <summary>How long a node may take from an accepted start to Running (its start installs due plug-in content).</summary>
    public static readonly TimeSpan RunningTimeout = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>The path of the receiving endpoint of <paramref name="action"/> on the other node.</summary>
    public static string PathOf(ServerAction action) => $"api/cluster/internal/server/{NameOf(action)}";

    /// <summary>The action as it appears in paths and audit entries: <c>start</c>, <c>stop</c>, <c>restart</c>.</summary>
    public static string NameOf(ServerAction action) => action.ToString().ToLowerInvariant();

    /// <summary>Asks another node to start, stop or restart its server; returns once it accepted, with its state then.</summary>
    public async Task<NodeServerOutcome> ActAsync(Actor actor, Guid nodeId, ServerAction action, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        var all = (await cluster.GetAsync(cancellationToken)).Nodes;
        var node = all.FirstOrDefault(n => n.NodeId == nodeId) ?? throw new NotFoundException($"There is no node {nodeId} in the cluster.");
        if (node.IsThisNode)
        {
            throw ValidationFailedException.For("nodeId", $"{nodeId} is this node ({node.Name}): use POST /api/server/{NameOf(action)} for its own server.");
        }

        var status = await SendAuditedAsync(actor, node, action, await keys.GetAsync(cancellationToken), cancellationToken);
        return new NodeServerOutcome(node.NodeId, node.Name, node.PublicUrl, action, status);
    }

    /// <summary>
    /// The nodes an action on all the others applies to: a stop or a restart to those whose server runs, a start to
    /// those whose server does not.
    /// </summary>
    public static bool AppliesTo(ServerAction action, ClusterNodeView node) =>
        !node.IsThisNode && (node.State == NodeStates.Running) != (action == ServerAction.Start);

    /// <summary>
    /// Acts on every other node it applies to (<see cref="AppliesTo"/>), one at a time. A start or restart waits until
    /// the node reports Running (at most <see cref="RunningTimeout"/>) before the next; the first node that fails ends
    /// the sequence, and the ones after it are left as they were. <paramref name="progress"/> hears every node's steps.
    /// </summary>
    public async Task<OtherNodesServerResult> ActOnOtherNodesAsync(Actor actor, ServerAction action, IProgress<NodeServerProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        var targets = (await cluster.GetAsync(cancellationToken)).Nodes.Where(n => AppliesTo(action, n)).ToList();
        var steps = targets.Select(n => new NodeServerProgress(n.NodeId, n.Name, n.PublicUrl, NodeServerStep.Queued)).ToList();
        steps.ForEach(s => progress?.Report(s));
        if (targets.Count == 0)
        {
            return new OtherNodesServerResult(action, true, steps);
        }

        void Report(int index, NodeServerProgress step)
        {
            steps[index] = step;
            progress?.Report(step);
        }

        var key = await keys.GetAsync(cancellationToken);
        for (var i = 0; i < targets.Count; i++)
        {
            void Step(NodeServerStep step, string? message = null) => Report(i, steps[i] with { Step = step, Message = message });
            try
            {
                Step(NodeServerStep.Acting);
                var status = await SendAuditedAsync(actor, targets[i], action, key, cancellationToken);
                if (action != ServerAction.Stop)
                {
                    Step(NodeServerStep.WaitingForRunning, $"{status.State}…");
                    status = await WaitUntilRunningAsync(actor, targets[i], key, cancellationToken);
                }

                Step(NodeServerStep.Done, status.Role is { } role ? $"{status.State} ({role})" : status.State.ToString());
            }
            catch (ConsoleException ex)
            {
                Step(NodeServerStep.Failed, ex.Message);
                for (var j = i + 1; j < targets.Count; j++)
                {
                    Report(j, steps[j] with { Step = NodeServerStep.NotAttempted, Message = $"Not attempted: {targets[i].Name} failed first." });
                }

                return new OtherNodesServerResult(action, false, steps);
            }
        }

        return new OtherNodesServerResult(action, true, steps);
    }

    /// <summary>The call, and this node's own audit entry of it (the other node writes its own, naming the administrator).</summary>
    private async Task<ServerStatus> SendAuditedAsync(Actor actor, ClusterNodeView node, ServerAction action, byte[] key, CancellationToken cancellationToken)
    {
        var auditAction = $"cluster.server-{NameOf(action)}";
        try
        {
            using var response = await SendAsync(actor, node, HttpMethod.Post, PathOf(action), key, cancellationToken);
            var status = await StatusOfAsync(node, response, cancellationToken);
            await audit.RecordAsync(actor, auditAction, ConfigurationRegistry.Cluster, $"{node.Name} ({node.PublicUrl}): {status.State}", cancellationToken: cancellationToken);
            return status;
        }
        catch (ConsoleException ex)
        {
            await audit.RecordAsync(actor, auditAction, ConfigurationRegistry.Cluster, $"{node.Name} ({node.PublicUrl}): {ex.Message}", false, cancellationToken);
            throw;
        }
    }

    private async Task<ServerStatus> WaitUntilRunningAsync(Actor actor, ClusterNodeView node, byte[] key, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + RunningTimeout;
        while (true)
        {
            using var response = await SendAsync(actor, node, HttpMethod.Get, "api/cluster/internal/server", key, cancellationToken);
            var status = await StatusOfAsync(node, response, cancellationToken);
            switch (status.State)
            {
                case ServerState.Running:
                    return status;
                case ServerState.Failed:
                    throw new NodeCallFailedException($"{node.Name} ({node.PublicUrl}) did not come up: its start failed. {status.Reason}");
                case ServerState.Stopped:
                    throw new NodeCallFailedException($"{node.Name} ({node.PublicUrl}) did not come up: its server is Stopped again (stopped there meanwhile?).");
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new NodeCallFailedException($"{node.Name} ({node.PublicUrl}) did not come up: its server was still {status.State} after {RunningTimeout.TotalMinutes:0} minutes. Look at that node's console.");
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    /// <summary>A signed call to <paramref name="node"/>; a node that cannot be reached is a <see cref="NodeCallFailedException"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(Actor actor, ClusterNodeView node, HttpMethod method, string path, byte[] key, CancellationToken cancellationToken)
    {
        using var client = nodes.ClientFor(new Uri(node.PublicUrl.TrimEnd('/') + "/"), NodeToNodeClient.CommandHttpClientName);
        try
        {
            return await nodes.SendSignedAsync(client, method, path, null, node, key, actor, cancellationToken);
        }
        catch (ConflictException ex)
        {
            throw new NodeCallFailedException($"{node.Name} could not be reached: {ex.Message}");
        }
    }

    /// <summary>
    /// The node's server state from its answer. A refusal of its own (409: a section invalid, already started) keeps its
    /// status and message; any other error is the node's failure to act.
    /// </summary>
    private static async Task<ServerStatus> StatusOfAsync(ClusterNodeView node, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return await response.Content.ReadFromJsonAsync<ServerStatus>(ConfigurationRegistry.JsonOptions, cancellationToken)
                ?? throw new NodeCallFailedException($"{node.Name} ({node.PublicUrl}) answered without its server's state: is it an Orchestrator Console of this version?");
        }

        var detail = await NodeToNodeClient.ProblemDetailAsync(response, cancellationToken);
        throw response.StatusCode switch
        {
            HttpStatusCode.Conflict => new ConflictException($"{node.Name} ({node.PublicUrl}) refused: {detail}", "Node refused"),
            HttpStatusCode.Unauthorized => new NodeCallFailedException($"{node.Name} ({node.PublicUrl}) did not accept this node's signed call (401): {detail}"),
            HttpStatusCode.NotFound => new NodeCallFailedException($"{node.Name} ({node.PublicUrl}) does not know this call (404): it may run an older version of the console."),
            _ => new NodeCallFailedException($"{node.Name} ({node.PublicUrl}) answered {(int)response.StatusCode}{(detail.Length == 0 ? "." : ": " + detail)}"),
        };
    }
}
