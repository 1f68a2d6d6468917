using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Authentication;
using OrchestratorConsole.Core.Features.Notifications;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Core.Features.Trust;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.ConfigurationTransfer;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Logs;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Core.Features.Server;
using OrchestratorConsole.Core.Features.Troubleshooting;

namespace OrchestratorConsole.Core.Api;

/// <summary>
/// The HTTP API's route table: every feature's endpoints under <c>/api</c>, and the authorization policies they
/// require. The host decides how a caller satisfies each policy. The policies are endpoint metadata, so the
/// authorization middleware refuses a role before the endpoint binds its body or looks anything up.
/// </summary>
public static class ApiSetup
{
    /// <summary>Scripts and administrators: a bearer token, of any role. Every route under <c>/api</c> requires it.</summary>
    public const string ApiPolicy = "api";

    /// <summary>A bearer token of an Administrator: every route that changes something, unless it declares otherwise.</summary>
    public const string AdministratorPolicy = "api-administrator";

    /// <summary>A bearer token of an Administrator or of Support: the troubleshooting actions.</summary>
    public const string TroubleshootingPolicy = "api-troubleshooting";

    /// <summary>
    /// A bearer token of any role, on a route that changes only the caller's own things (their sessions); the service
    /// lets an Administrator act on anyone's.
    /// </summary>
    public const string OwnThingsPolicy = "api-own";

    /// <summary>Other nodes of the cluster: a call signed with the cluster key.</summary>
    public const string NodePolicy = "cluster-node";

    public static WebApplication MapConsoleEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(ApiPolicy).DisableAntiforgery();
        ((IEndpointConventionBuilder)api).Finally(RequireAdministratorToChangeUnlessDeclared);
        api.MapAuthEndpoints();
        api.MapNodeEndpoints();
        api.MapConfigurationEndpoints();
        api.MapDatabaseEndpoints();
        // Managing accounts is for administrators, the list of accounts included.
        api.MapGroup(string.Empty).RequireAuthorization(AdministratorPolicy).MapAccountEndpoints();
        api.MapSessionEndpoints();
        api.MapAuditEndpoints();
        api.MapLogEndpoints();
        api.MapClusterEndpoints();
        api.MapServerEndpoints();
        api.MapPluginEndpoints();
        api.MapTroubleshootingEndpoints();
        api.MapConfigurationTransferEndpoints();
        api.MapClusterSyncEndpoints();
        api.MapNodeServerEndpoints();
        api.MapCertificateEndpoints();
        api.MapTrustEndpoints();
        api.MapAuthenticationEndpoints();
        api.MapNotificationEndpoints();
        app.MapNodeToNodeEndpoints();
        // Any other /api path is a 404 problem, never the UI's HTML.
        // A request delegate, not a handler for the generated endpoints: those would not keep a fallback's last place.
        api.MapFallback(static context =>
            Results.Problem(title: "Not found", detail: "There is no such API endpoint.", statusCode: 404).ExecuteAsync(context));
        return app;
    }

    /// <summary>
    /// API.md's rule: every role reads, only an Administrator changes anything. A route that changes something and
    /// declares no role of its own (a troubleshooting action, a route open to anyone) requires <see cref="AdministratorPolicy"/>,
    /// so a route added without a thought for roles is closed rather than open.
    /// </summary>
    private static void RequireAdministratorToChangeUnlessDeclared(EndpointBuilder endpoint)
    {
        // The /api fallback answers every method (no method metadata) with a 404 and stays open to every role.
        var changes = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods.Any(m => !HttpMethods.IsGet(m) && !HttpMethods.IsHead(m)) == true;
        var declared = endpoint.Metadata.Any(m => m is IAllowAnonymous or IAuthorizeData { Policy: not ApiPolicy });
        if (changes && !declared)
        {
            endpoint.Metadata.Add(new AuthorizeAttribute(AdministratorPolicy));
        }
    }
}
