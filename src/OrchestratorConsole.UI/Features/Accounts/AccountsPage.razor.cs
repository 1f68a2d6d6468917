using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.UI.Components;
using OrchestratorConsole.UI.Features.Accounts.Components;

namespace OrchestratorConsole.UI.Features.Accounts;

public sealed partial class AccountsPage : ConsolePage
{
    [Inject]
    public required AccountService Accounts { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    private IReadOnlyList<AccountSummary>? _accounts;

    private OpenSessionsPanel? _openSessions;

    protected override Task LoadAsync() => RunAsync(async () => _accounts = await Accounts.ListAsync(Actor));

    private Task OnCreatedAsync() => LoadAsync();

    private async Task SetRoleAsync(AccountSummary account, string role)
    {
        await RunAsync(() => Accounts.SetRoleAsync(Actor, account.UserName, role), $"{account.UserName} is now {role}.");
        await LoadAsync();
    }

    private async Task UnlockAsync(AccountSummary account)
    {
        await RunAsync(() => Accounts.UnlockAsync(Actor, account.UserName), $"{account.UserName} is unlocked.");
        await LoadAsync();
    }

    private async Task DeleteAsync(AccountSummary account)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Delete account",
            $"Delete the account '{account.UserName}'? Its sessions and API tokens stop working.",
            yesText: "Delete",
            cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        await RunAsync(() => Accounts.DeleteAsync(Actor, account.UserName), $"{account.UserName} was deleted.");
        await LoadAsync();
    }
}
