using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Accounts.Components;

public sealed partial class OpenSessionsPanel : ConsolePage
{
    [Inject]
    public required SessionService Sessions { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    /// <summary>Only the signed-in user's own sessions (every role); otherwise every user's (an administrator's view).</summary>
    [Parameter]
    public bool OwnOnly { get; set; }

    private IReadOnlyList<OpenSession>? _sessions;

    private string? _currentSessionId;

    protected override async Task OnInitializedAsync()
    {
        if (AuthenticationState is not null)
        {
            _currentSessionId = SessionService.SessionIdOf((await AuthenticationState).User);
        }

        await base.OnInitializedAsync();
    }

    protected override Task LoadAsync() =>
        RunAsync(async () => _sessions = await Sessions.ListAsync(Actor, _currentSessionId, OwnOnly ? Actor.UserName : null));

    /// <summary>Asks, then revokes every session and token of <paramref name="userName"/>; the Accounts page calls it for a row.</summary>
    public async Task RevokeAllAsync(string userName)
    {
        var own = string.Equals(userName, Actor.UserName, StringComparison.OrdinalIgnoreCase);
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Revoke sessions",
            $"Revoke every open session and API token of '{userName}'?{(own ? " This console's session ends too." : string.Empty)}",
            yesText: "Revoke all",
            cancelText: "Cancel");
        if (confirmed == true && await RunAsync(() => Sessions.RevokeAllAsync(Actor, userName), $"Every session of {userName} was revoked."))
        {
            await AfterRevocationAsync(own);
        }
    }

    private async Task RevokeAsync(OpenSession session)
    {
        var effect = session.Kind == SessionService.TokenKind
            ? "Scripts that use it get 401 from their next call."
            : "Its console goes to the login page at its next action.";
        var confirmed = await Dialogs.ShowMessageBoxAsync("Revoke session", $"Revoke the {Describe(session)}? {effect}", yesText: "Revoke", cancelText: "Cancel");
        if (confirmed == true && await RunAsync(() => Sessions.RevokeAsync(Actor, session.Id), "The session was revoked."))
        {
            await AfterRevocationAsync(session.Current);
        }
    }

    /// <summary>Refreshes the list; when this console's own session was among those revoked, goes to the login page now.</summary>
    private async Task AfterRevocationAsync(bool ownSessionEnded)
    {
        if (ownSessionEnded && _currentSessionId is not null && !await Sessions.IsBrowserSessionOpenAsync(_currentSessionId))
        {
            Navigation.NavigateTo($"{SessionGuard.LoginPath}?ended={SessionEnd.Revoked}", forceLoad: true);
            return;
        }

        await LoadAsync();
        StateHasChanged();
    }

    private static string KindText(OpenSession session) => session.Kind == SessionService.TokenKind ? "API token" : "Browser";

    private static string Describe(OpenSession session) =>
        $"{(session.Kind == SessionService.TokenKind ? "API token" : "browser session")} of {session.UserName} since {When(session.CreatedAt)}";

    private static string When(DateTimeOffset? time) => time?.ToLocalTime().ToString("g", CultureInfo.CurrentCulture) ?? "never";
}
