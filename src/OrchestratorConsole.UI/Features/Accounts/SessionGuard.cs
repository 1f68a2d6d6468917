using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using OrchestratorConsole.Core.Features.Accounts;

namespace OrchestratorConsole.UI.Features.Accounts;

/// <summary>
/// Checks the signed-in account before every action an open console sends (a click, an input, a navigation, a call
/// from the page's scripts): when the account was deleted, locked out or its role or password changed, the action is
/// dropped unrun and the browser goes to the login page, which says why. The check reads the store only after an
/// account changed (<see cref="SessionCheck"/>).
/// </summary>
internal sealed class SessionGuard(AuthenticationStateProvider authentication, SessionCheck sessions, NavigationManager navigation) : CircuitHandler
{
    private volatile bool _ended;

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            if (_ended)
            {
                return;
            }

            var user = (await authentication.GetAuthenticationStateAsync()).User;
            if (RevalidatingAuthenticationStateProvider.IsSignedIn(user) && await sessions.CheckAsync(user) is { } end)
            {
                _ended = true;
                // The login page's request carries the old cookie, which the cookie check refuses and removes.
                navigation.NavigateTo($"{LoginPath}?ended={end}", forceLoad: true);
                return;
            }

            await next(context);
        };

    internal const string LoginPath = "/account/login";
}
