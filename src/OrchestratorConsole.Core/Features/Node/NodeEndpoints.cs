using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Server;

namespace OrchestratorConsole.Core.Features.Node;

/// <summary>What <c>GET /api/node</c> answers.</summary>
public sealed record NodeInfo(Guid NodeId, string Name, string ProductVersion, string PublicUrl, NodeServerInfo Server, IReadOnlyList<SectionValidation> Validation);

public sealed record NodeServerInfo(ServerState State, ServerRole? Role);

/// <summary>The node as other nodes and scripts see it.</summary>
public sealed class NodeInfoService(
    NodeIdentityService identity,
    ConfigurationService configuration,
    NodeValidationService validation,
    OrchestratorServer server,
    NodeAddress address)
{
    public async Task<NodeInfo> GetAsync(CancellationToken cancellationToken = default)
    {
        var general = await configuration.GetAsync<GeneralSettings>(cancellationToken);
        var status = server.Status;
        return new NodeInfo(identity.NodeId, general.Settings.Name, ProductInfo.Version, address.PublicUrl, new NodeServerInfo(status.State, status.Role), await validation.ValidateAsync(cancellationToken));
    }
}

public static class NodeEndpoints
{
    public static void MapNodeEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/node", async (NodeInfoService node, HttpContext context) => TypedResults.Ok(await node.GetAsync(context.RequestAborted)))
            .WithTags("Node").WithSummary("This node: id, name, version, address, server state and the red/green state of every section");
    }
}
