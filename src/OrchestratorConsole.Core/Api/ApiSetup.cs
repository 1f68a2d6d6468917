using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Audit;
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
/// require. The host decides how a caller satisfies each policy.
/// </summary>
public static class ApiSetup
{
    /// <summary>Scripts and administrators: a bearer token.</summary>
    public const string ApiPolicy = "api";

    /// <summary>Other nodes of the cluster: a call signed with the cluster key.</summary>
    public const string NodePolicy = "cluster-node";

    public static WebApplication MapConsoleEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(ApiPolicy).DisableAntiforgery();
        api.MapAuthEndpoints();
        api.MapNodeEndpoints();
        api.MapConfigurationEndpoints();
        api.MapDatabaseEndpoints();
        api.MapAccountEndpoints();
        api.MapAuditEndpoints();
        api.MapLogEndpoints();
        api.MapClusterEndpoints();
        api.MapServerEndpoints();
        api.MapPluginEndpoints();
        api.MapTroubleshootingEndpoints();
        api.MapConfigurationTransferEndpoints();
        api.MapClusterSyncEndpoints();
        app.MapNodeToNodeEndpoints();
        // Any other /api path is a 404 problem, never the UI's HTML.
        api.MapFallback(() => Results.Problem(title: "Not found", detail: "There is no such API endpoint.", statusCode: 404));
        return app;
    }
}
