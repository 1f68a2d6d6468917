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
            TypedResults.Ok(await sync.JoinAsync(context.Actor(), request.NodeUrl, request.UserName, request.Password, request.TrustedCertificateSha256, context.RequestAborted)))
            .WithSummary("This node takes another node's configuration and plug-ins; a certificate not yet trusted is answered with 409 and its details, to be approved by sending its trustedCertificateSha256");
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

    /// <summary>
    /// The calls nodes make to each other, signed with the cluster key. Their bodies are bound by the framework, and
    /// each endpoint acts only once the body it read is the one the call was signed with.
    /// </summary>
    public static void MapNodeToNodeEndpoints(this WebApplication app)
    {
        var internalApi = app.MapGroup("/api/cluster/internal").RequireAuthorization(ApiSetup.NodePolicy).DisableAntiforgery().WithTags("Node to node");
        internalApi.AddEndpointFilter(async (invocation, next) =>
            await SignedBody.IsIntactAsync(invocation.HttpContext)
                ? await next(invocation)
                : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not a cluster call", detail: "The call's body is not the body it was signed with."));
        internalApi.MapGet("/configuration", async (ClusterSyncService sync, ClusterKeyCache keys, HttpContext context) =>
            TypedResults.Ok(await sync.ComparisonViewAsync(await keys.GetAsync(context.RequestAborted), context.RequestAborted)));
        internalApi.MapPost("/apply", async (SignedApplyRequest request, ClusterSyncService sync, HttpContext context) =>
            TypedResults.Ok(await sync.ReceivePushAsync(context.Actor(), request, context.RequestAborted)))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(ConfigurationTransfer.ConfigurationFile.MaxBytes * 2));
        internalApi.MapPost("/plugins", async (IFormFile? package, PluginService plugins, HttpContext context) =>
        {
            if (package is null)
            {
                throw ValidationFailedException.For("package", "The form has no file field named 'package'.");
            }

            await using var stream = package.OpenReadStream();
            return TypedResults.Ok(await plugins.InstallAsync(context.Actor(), stream, confirmDowngrade: true, context.RequestAborted));
        }).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(PlugIns.PluginUploadLimits.RequestBytes));
        internalApi.MapNodeServerCalls();
    }
}
