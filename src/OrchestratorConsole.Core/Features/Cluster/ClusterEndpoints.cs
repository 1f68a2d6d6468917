using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Api;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.Server;

namespace OrchestratorConsole.Core.Features.Cluster;

public static class ClusterEndpoints
{
    public static void MapClusterEndpoints(this RouteGroupBuilder api)
    {
        var cluster = api.MapGroup("/cluster").WithTags("Cluster");
        cluster.MapGet("/", async (ClusterService service, HttpContext context) =>
        {
            var view = await service.GetAsync(context.RequestAborted);
            return TypedResults.Ok(new { settings = view.Settings, nodes = view.Nodes, problem = view.Problem });
        }).WithSummary("Every node: state, role, last heartbeat, fingerprints and sync state");
        cluster.MapDelete("/nodes/{nodeId:guid}", async (Guid nodeId, ClusterService service, HttpContext context) =>
        {
            await service.RemoveNodeAsync(context.Actor(), nodeId, context.RequestAborted);
            return TypedResults.NoContent();
        }).WithSummary("Remove a stale node's record (409 for a live node)");

        var server = api.MapGroup("/server").WithTags("Server");
        server.MapGet("/", (OrchestratorServer s) => TypedResults.Ok(s.Status)).WithSummary("The Orchestrator server's state and role");
        server.MapPost("/start", async (OrchestratorServer s, HttpContext context) =>
        {
            await s.StartAsync(context.Actor(), context.RequestAborted);
            return TypedResults.Accepted("/api/server", s.Status);
        }).WithSummary("Start the server; 409 while a section is invalid");
        server.MapPost("/stop", async (OrchestratorServer s, HttpContext context) =>
        {
            await s.StopAsync(context.Actor(), context.RequestAborted);
            return TypedResults.Accepted("/api/server", s.Status);
        }).WithSummary("Stop the server");
        server.MapPost("/restart", async (OrchestratorServer s, HttpContext context) =>
        {
            await s.RestartAsync(context.Actor(), context.RequestAborted);
            return TypedResults.Accepted("/api/server", s.Status);
        }).WithSummary("Restart the server");

        api.MapPost("/node/regenerate-identity", async (NodeIdentityService identity, OrchestratorServer s, HttpContext context) =>
            TypedResults.Ok(new { nodeId = await identity.RegenerateAsync(context.Actor(), s.Status.State, context.RequestAborted) }))
            .WithTags("Node").WithSummary("New node id, for a cloned machine (the server must be stopped)");
    }
}
