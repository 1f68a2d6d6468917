using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Api;

namespace OrchestratorConsole.Core.Features.Cluster;

public static class ClusterEndpoints
{
    public static void MapClusterEndpoints(this RouteGroupBuilder api)
    {
        var cluster = api.MapGroup("/cluster").WithTags("Cluster");
        cluster.MapGet("/", async (ClusterService service, HttpContext context) =>
        {
            var view = await service.GetAsync(context.RequestAborted);
            return TypedResults.Ok(new ClusterAnswer(view.Settings, view.Nodes, view.Problem));
        }).WithSummary("Every node: state, role, last heartbeat, fingerprints and sync state");
        cluster.MapDelete("/nodes/{nodeId:guid}", async (Guid nodeId, ClusterService service, HttpContext context) =>
        {
            await service.RemoveNodeAsync(context.Actor(), nodeId, context.RequestAborted);
            return TypedResults.NoContent();
        }).WithSummary("Remove a stale node's record (409 for a live node)");
    }
}

/// <summary>The answer of <c>GET /api/cluster</c>.</summary>
public sealed record ClusterAnswer(Configuration.ClusterSettings Settings, IReadOnlyList<ClusterNodeView> Nodes, string? Problem);
