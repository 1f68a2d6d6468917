using System.Security.Claims;
using OrchestratorConsole.Core.Features.Accounts;

namespace OrchestratorConsole.Core.Common;

/// <summary>Who is acting: the signed-in user (browser or token) or the node itself.</summary>
public sealed record Actor(string UserName, IReadOnlySet<string> Roles, string? RemoteAddress = null)
{
    /// <summary>The node acting on its own (first start, scheduled work).</summary>
    public static Actor System { get; } = new("system", new HashSet<string> { Features.Accounts.Roles.Administrator });

    public bool IsInRole(string role) => Roles.Contains(role);

    public static Actor FromPrincipal(ClaimsPrincipal principal, string? remoteAddress = null)
    {
        var name = principal.Identity?.IsAuthenticated == true ? principal.Identity.Name ?? "unknown" : "anonymous";
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Actor(name, roles, remoteAddress);
    }

    /// <summary>Throws <see cref="ForbiddenException"/> unless the actor holds one of <paramref name="roles"/>.</summary>
    public void Demand(params string[] roles)
    {
        if (!roles.Any(Roles.Contains))
        {
            throw new ForbiddenException($"This needs the role {string.Join(" or ", roles)}; '{UserName}' has {(Roles.Count == 0 ? "no role" : string.Join(", ", Roles))}.");
        }
    }

    public void DemandAdministrator() => Demand(Features.Accounts.Roles.Administrator);
}
