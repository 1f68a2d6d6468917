using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Features.Accounts;

namespace OrchestratorConsole.UI.Features.Accounts;

/// <summary>
/// Ends an idle console session within a minute of the account's password, role or lockout changing, or its deletion.
/// An action in the session is checked at once, before it runs (<see cref="SessionGuard"/>).
/// </summary>
internal sealed class RevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, SessionCheck sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsSignedIn(authenticationState.User) && await sessions.CheckAsync(authenticationState.User, cancellationToken) is null;

    internal static bool IsSignedIn(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;
}
