using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Api;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.PlugIns;

namespace OrchestratorConsole.Core.Features.Cluster;

public static class ClusterSyncEndpoints
{
    /// <summary>Join, synchronize and drift, for administrators (bearer tokens).</summary>
    public static void MapClusterSyncEndpoints(this RouteGroupBuilder api)
    {
        var cluster = api.MapGroup("/cluster").WithTags("Cluster");
        cluster.MapPost("/join", async (JoinRequest request, ClusterSyncService sync, HttpContext context) =>
            TypedResults.Ok(await sync.JoinAsync(context.Actor(), request.NodeUrl, request.UserName, request.Password, context.RequestAborted)))
            .WithSummary("This node takes another node's configuration and plug-ins");
        cluster.MapPost("/synchronize", async (HttpContext context, ClusterSyncService sync) =>
        {
            var request = await context.Request.ReadOptionalJsonAsync<SynchronizeRequest>();
            return TypedResults.Ok(await sync.SynchronizeAsync(context.Actor(), request?.NodeIds, context.RequestAborted));
        }).WithOptionalJsonBody<SynchronizeRequest>()
          .WithSummary("Push this node's configuration to out-of-sync nodes; the outcome per node");
        cluster.MapGet("/drift", async (Guid a, Guid b, ClusterSyncService sync, HttpContext context) =>
            TypedResults.Ok(await sync.DriftAsync(context.Actor(), a, b, context.RequestAborted)))
            .WithSummary("Field-level diff between two nodes (secrets compared by their keyed fingerprint, never shown)");
    }

    /// <summary>The calls nodes make to each other, signed with the cluster key.</summary>
    public static void MapNodeToNodeEndpoints(this WebApplication app)
    {
        var internalApi = app.MapGroup("/api/cluster/internal").RequireAuthorization(ApiSetup.NodePolicy).DisableAntiforgery().WithTags("Node to node");
        internalApi.MapGet("/configuration", async (ClusterSyncService sync, HttpContext context) =>
            TypedResults.Ok(await sync.ComparisonViewAsync(await sync.ClusterKeyAsync(context.RequestAborted), context.RequestAborted)));
        internalApi.MapPost("/apply", async (SignedApplyRequest request, ClusterSyncService sync, HttpContext context) =>
            TypedResults.Ok(await sync.ReceivePushAsync(context.Actor(), request, context.RequestAborted)))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(ConfigurationTransfer.ConfigurationFile.MaxBytes * 2));
        internalApi.MapPost("/plugins", async (HttpContext context, PluginService plugins) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var file = form.Files.GetFile("package") ?? throw ValidationFailedException.For("package", "The form has no file field named 'package'.");
            await using var stream = file.OpenReadStream();
            return TypedResults.Ok(await plugins.InstallAsync(context.Actor(), stream, confirmDowngrade: true, context.RequestAborted));
        }).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(PlugIns.PluginUploadLimits.RequestBytes));
    }
}
