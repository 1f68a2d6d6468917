using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// Signs a node-to-node call that carries a <see cref="NodeToNodeCall"/>, once per attempt: it sits inside the
/// resilience handler, so a retry goes out with a new time and nonce instead of being refused as a replay.
/// Calls without one (a join's calls, made with the other node's bearer token) pass unsigned.
/// </summary>
public sealed class NodeToNodeSigningHandler(NodeToNodeSignature signature, NodeIdentityService identity) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<NodeToNodeCall> CallKey = new("OrchestratorConsole.NodeToNodeCall");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(CallKey, out var call))
        {
            await signature.SignAsync(request, call, identity.NodeId, cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
