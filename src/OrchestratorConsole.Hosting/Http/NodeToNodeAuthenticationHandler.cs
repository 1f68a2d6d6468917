using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Cluster;

namespace OrchestratorConsole.Hosting.Http;

/// <summary>
/// Authenticates calls from other nodes of the cluster: signed with the cluster key, inside the time window, not seen
/// before, from a node the cluster knows. The acting administrator's name travels with the call for this node's audit.
/// </summary>
public sealed class NodeToNodeAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    NodeToNodeSignature signature,
    ClusterSyncService sync,
    ClusterService cluster,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ClusterNode";
    private const long MaxSignedBody = 80L * 1024 * 1024;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.ContainsKey(NodeToNodeSignature.SignatureHeader))
        {
            return AuthenticateResult.NoResult();
        }

        // The call's signed time is checked against its arrival, not the end of a body that may take minutes to receive.
        var receivedAt = time.GetUtcNow();
        Request.EnableBuffering(MaxSignedBody);
        using var buffer = new MemoryStream();
        await Request.Body.CopyToAsync(buffer, Context.RequestAborted);
        Request.Body.Position = 0;

        byte[] key;
        try
        {
            key = await sync.ClusterKeyAsync(Context.RequestAborted);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException or ConflictException)
        {
            return AuthenticateResult.Fail("This node cannot read the cluster key from its Orchestrator database.");
        }

        var headers = Request.Headers.ToDictionary(h => h.Key, h => (string?)h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var problem = signature.Verify(key, Request.Method, Request.Path.Value ?? "/", headers, buffer.ToArray(), receivedAt);
        if (problem is not null)
        {
            return AuthenticateResult.Fail(problem);
        }

        var senderId = Guid.TryParse(headers[NodeToNodeSignature.NodeHeader], out var id) ? id : Guid.Empty;
        var sender = (await cluster.GetAsync(Context.RequestAborted)).Nodes.FirstOrDefault(n => n.NodeId == senderId);
        if (sender is null)
        {
            return AuthenticateResult.Fail("The calling node is not a member of this cluster.");
        }

        var actor = Uri.UnescapeDataString(headers[NodeToNodeSignature.ActorHeader] ?? "unknown");
        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, $"{actor} (via node {sender.Name})"));
        identity.AddClaim(new Claim(ClaimTypes.Role, Roles.Administrator));
        identity.AddClaim(new Claim("node", sender.NodeId.ToString()));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Response.WriteAsJsonAsync(
            new { title = "Not a cluster call", status = 401, detail = result.Failure?.Message ?? "The call is not signed by a node of this cluster." },
            options: null,
            contentType: "application/problem+json");
    }
}
