using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using OrchestratorConsole.Core.Api;

namespace OrchestratorConsole.Hosting.Http;

/// <summary>
/// Answers a bearer token whose role a route's policy refuses with the services' own 403 problem, which names the roles
/// the route needs. Every other outcome of authorization goes the framework's way.
/// </summary>
public sealed class RoleRefusalHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _framework = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var needed = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).ToArray();
        if (authorizeResult.Forbidden && needed is { Length: > 0 } && policy.AuthenticationSchemes.Contains(TokenAuthenticationHandler.SchemeName))
        {
            // Thrown to the exception handler as the services throw it: a caller reads the same 403 whichever layer refused.
            context.Actor().Demand(needed);
        }

        return _framework.HandleAsync(next, context, policy, authorizeResult);
    }
}
