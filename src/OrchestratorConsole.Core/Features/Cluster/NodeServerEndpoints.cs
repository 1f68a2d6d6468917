using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Api;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Server;

namespace OrchestratorConsole.Core.Features.Cluster;

public static class NodeServerEndpoints
{
    /// <summary>Another node's server, or all the others one at a time, for administrators (bearer tokens).</summary>
    public static void MapNodeServerEndpoints(this RouteGroupBuilder api)
    {
        var cluster = api.MapGroup("/cluster").WithTags("Cluster").RequireAuthorization(ApiSetup.AdministratorPolicy);
        foreach (var action in Enum.GetValues<ServerAction>())
        {
            var name = NodeServerService.NameOf(action);
            cluster.MapPost($"/nodes/{{nodeId:guid}}/server/{name}", async (Guid nodeId, NodeServerService servers, HttpContext context) =>
                TypedResults.Accepted("/api/cluster", await servers.ActAsync(context.Actor(), nodeId, action, context.RequestAborted)))
                .WithSummary($"Ask another node to {name} its server (a signed call); 202, then its state shows in GET /api/cluster");
            cluster.MapPost($"/other-nodes/server/{name}", async (NodeServerService servers, HttpContext context) =>
                TypedResults.Ok(await servers.ActOnOtherNodesAsync(context.Actor(), action, null, context.RequestAborted)))
                .WithSummary($"{action} every other node it applies to, one at a time{(action == ServerAction.Stop ? string.Empty : ", each waiting until it runs")}; the outcome per node");
        }
    }

    /// <summary>The receiving side: this node's own server, asked by another node of the cluster in an administrator's name.</summary>
    public static void MapNodeServerCalls(this RouteGroupBuilder internalApi)
    {
        internalApi.MapGet("/server", (OrchestratorServer server) => TypedResults.Ok(server.Status));
        foreach (var action in Enum.GetValues<ServerAction>())
        {
            internalApi.MapPost($"/server/{NodeServerService.NameOf(action)}", async (OrchestratorServer server, HttpContext context) =>
            {
                await ActAsync(server, action, context.Actor(), context.RequestAborted);
                return TypedResults.Accepted((string?)null, server.Status);
            });
        }
    }

    private static Task ActAsync(OrchestratorServer server, ServerAction action, Actor actor, CancellationToken cancellationToken) => action switch
    {
        ServerAction.Start => server.StartAsync(actor, cancellationToken),
        ServerAction.Stop => server.StopAsync(actor, cancellationToken),
        _ => server.RestartAsync(actor, cancellationToken),
    };
}
