using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.Hosting.Http;

/// <summary>
/// Authenticates calls from other nodes of the cluster on their headers alone, cheapest check first, before a byte of
/// the body is read: the headers' form, that the call is for this node, its time, then (with the cached cluster key)
/// its signature, then that the sender is a member and that no node has seen its nonce. A refused call costs no body,
/// and one with missing headers or an old time no database query either. The body is then checked against its signed
/// hash as the endpoint reads it (<see cref="SignedBody"/>). The acting administrator's name travels with the call for
/// this node's audit.
/// </summary>
public sealed class NodeToNodeAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ClusterKeyCache keys,
    ClusterService cluster,
    NodeIdentityService identity,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ClusterNode";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.ContainsKey(NodeToNodeSignature.SignatureHeader))
        {
            return AuthenticateResult.NoResult();
        }

        // The call's signed time is checked against its arrival, not the end of a body that may take minutes to receive.
        var receivedAt = time.GetUtcNow();
        if (SignedCall.Read(name => Request.Headers.TryGetValue(name, out var value) && value.Count == 1 ? value[0] : null) is not { } call)
        {
            return AuthenticateResult.Fail("The call is not signed by a node of this cluster.");
        }

        if (call.Receiver != identity.NodeId)
        {
            return AuthenticateResult.Fail("The call is addressed to another node.");
        }

        if (!NodeToNodeSignature.IsWithinWindow(call, receivedAt))
        {
            return AuthenticateResult.Fail("The call's time is outside the allowed window: check that the nodes' clocks agree.");
        }

        try
        {
            var target = new CallTarget(Request.Method, Request.Headers.Host.ToString(), Request.GetEncodedPathAndQuery(), Request.Headers.ContentType.ToString());
            if (!NodeToNodeSignature.Verify(await keys.GetAsync(Context.RequestAborted), call, target))
            {
                return AuthenticateResult.Fail("The call's signature does not match the cluster key, or the call was altered on its way (its address, query or content type).");
            }

            var sender = (await cluster.GetAsync(Context.RequestAborted)).Nodes.FirstOrDefault(n => n.NodeId == call.Sender);
            if (sender is null)
            {
                return AuthenticateResult.Fail("The calling node is not a member of this cluster.");
            }

            if (!await cluster.RecordNonceAsync(call.Nonce, Context.RequestAborted))
            {
                return AuthenticateResult.Fail("The call was already received once (a replay).");
            }

            SignedBody.Install(Context, call.ContentSha256);
            var identityOfCall = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
            identityOfCall.AddClaim(new Claim(ClaimTypes.Name, $"{call.ActorName} (via node {sender.Name})"));
            identityOfCall.AddClaim(new Claim(ClaimTypes.Role, Roles.Administrator));
            identityOfCall.AddClaim(new Claim("node", sender.NodeId.ToString()));
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identityOfCall), SchemeName));
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException or ConflictException)
        {
            return AuthenticateResult.Fail("This node cannot check the call against its Orchestrator database.");
        }
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
