using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Api;
using OrchestratorConsole.Core.Features.Server;

namespace OrchestratorConsole.Core.Features.Node;

public static class NodeEndpoints
{
    public static void MapNodeEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/node", async (NodeInfoService node, HttpContext context) => TypedResults.Ok(await node.GetAsync(context.RequestAborted)))
            .WithTags("Node").WithSummary("This node: id, name, version, address, server state and the red/green state of every section");
        api.MapPost("/node/regenerate-identity", async (NodeIdentityService identity, OrchestratorServer s, HttpContext context) =>
            TypedResults.Ok(new NewNodeId(await identity.RegenerateAsync(context.Actor(), s.Status.State, context.RequestAborted))))
            .WithTags("Node").WithSummary("New node id, for a cloned machine (the server must be stopped)");
    }
}

/// <summary>The answer of <c>POST /api/node/regenerate-identity</c>.</summary>
public sealed record NewNodeId(Guid NodeId);
