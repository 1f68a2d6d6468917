using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Api;
using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.Trust;

public static class TrustEndpoints
{
    public static void MapTrustEndpoints(this RouteGroupBuilder api)
    {
        var trust = api.MapGroup("/trust").WithTags("SSL trust");
        trust.MapGet("/", async (TrustService service, HttpContext context) => TypedResults.Ok(await service.ListAsync(context.RequestAborted)))
            .WithSummary("The SSL trust list: certificates of other nodes trusted by fingerprint");
        trust.MapPost("/", async (TrustRequest request, TrustService service, HttpContext context) =>
        {
            var actor = context.Actor();
            return (request.Url, request.Pem) switch
            {
                ({ } url, null) => TypedResults.Ok(await service.TrustUrlAsync(actor, url, context.RequestAborted)),
                (null, { } pem) => TypedResults.Ok(await service.TrustPemAsync(actor, pem, context.RequestAborted)),
                _ => throw ValidationFailedException.For("url", "Give either 'url' (the certificate that address presents is trusted) or 'pem' (one certificate), not both."),
            };
        }).RequireAuthorization(ApiSetup.AdministratorPolicy)
          .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(TrustService.MaxPemLength * 2))
          .WithSummary("Trust the certificate an https address presents ({\"url\"}) or one PEM certificate ({\"pem\"}); audited");
        trust.MapDelete("/{sha256}", async (string sha256, TrustService service, HttpContext context) =>
        {
            await service.RemoveAsync(context.Actor(), sha256, context.RequestAborted);
            return TypedResults.NoContent();
        }).RequireAuthorization(ApiSetup.AdministratorPolicy)
          .WithSummary("Remove a certificate from the SSL trust list; audited");
        trust.MapGet("/approvals", async (TrustService service, HttpContext context) => TypedResults.Ok(await service.ListAwaitingAsync(context.RequestAborted)))
            .WithSummary("Renewed certificates of nodes awaiting approval: the node keeps serving the trusted one it replaces until then");
        trust.MapPost("/approvals/{sha256}/approve", async (string sha256, TrustService service, HttpContext context) =>
            TypedResults.Ok(await service.ApproveAsync(context.Actor(), sha256, context.RequestAborted)))
            .RequireAuthorization(ApiSetup.AdministratorPolicy)
            .WithSummary("Trust a renewed certificate awaiting approval (the one it replaces stays trusted); its node serves it at its next check; audited");
        trust.MapPost("/approvals/{sha256}/reject", async (string sha256, TrustService service, HttpContext context) =>
        {
            await service.RejectAsync(context.Actor(), sha256, context.RequestAborted);
            return TypedResults.NoContent();
        }).RequireAuthorization(ApiSetup.AdministratorPolicy)
          .WithSummary("Refuse a renewed certificate awaiting approval: never trusted; its node keeps serving the old one; audited");
    }
}
