using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Server;
using OrchestratorConsole.Core.Options;

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
    IOptions<NodeOptions> options,
    IServer? listener = null)
{
    /// <summary><c>Node:PublicUrl</c>, else the first address the console listens on.</summary>
    public string PublicUrl =>
        options.Value.PublicUrl?.TrimEnd('/')
        ?? listener?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/')
        ?? "http://127.0.0.1:8283";

    public async Task<NodeInfo> GetAsync(CancellationToken cancellationToken = default)
    {
        var general = await configuration.GetAsync<GeneralSettings>(cancellationToken);
        var status = server.Status;
        return new NodeInfo(identity.NodeId, general.Settings.Name, ProductInfo.Version, PublicUrl, new NodeServerInfo(status.State, status.Role), await validation.ValidateAsync(cancellationToken));
    }
}

public static class NodeEndpoints
{
    public static void MapNodeEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/node", async (NodeInfoService node, HttpContext context) => TypedResults.Ok(await node.GetAsync(context.RequestAborted)))
            .WithTags("Node").WithSummary("This node: id, name, version, address, server state and the red/green state of every section");
        api.MapGet("/server", (OrchestratorServer server) => TypedResults.Ok(server.Status))
            .WithTags("Server").WithSummary("The Orchestrator server's state and role");
    }
}
