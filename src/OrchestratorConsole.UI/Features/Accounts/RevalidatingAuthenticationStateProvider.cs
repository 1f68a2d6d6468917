using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Features.Accounts;

namespace OrchestratorConsole.UI.Features.Accounts;

/// <summary>Ends an open console session within a minute of the account's password, role or lockout changing, or its deletion.</summary>
internal sealed class RevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, SignInService signIn)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        authenticationState.User.Identity?.IsAuthenticated == true
            ? signIn.IsSessionCurrentAsync(authenticationState.User)
            : Task.FromResult(false);

    internal static bool IsSignedIn(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;
}
