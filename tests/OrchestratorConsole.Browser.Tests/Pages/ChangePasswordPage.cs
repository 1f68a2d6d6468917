using Microsoft.Playwright;

namespace OrchestratorConsole.Browser.Tests.Pages;

/// <summary>/account/change-password: a static form, also the forced change at first login.</summary>
public sealed class ChangePasswordPage(IPage page)
{
    public const string Path = "/account/change-password";

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Change password" });

    public ILocator UserName => page.GetByLabel("User name", new() { Exact = true });

    public ILocator CurrentPassword => page.GetByLabel("Current password", new() { Exact = true });

    public ILocator NewPassword => page.GetByLabel("New password", new() { Exact = true });

    public ILocator ConfirmNewPassword => page.GetByLabel("Confirm new password", new() { Exact = true });

    public ILocator ChangeButton => page.GetByRole(AriaRole.Button, new() { Name = "Change password", Exact = true });

    public ILocator Error => page.GetByRole(AriaRole.Alert);

    public async Task ChangeAsync(string currentPassword, string newPassword, string? confirmation = null)
    {
        await CurrentPassword.FillAsync(currentPassword);
        await NewPassword.FillAsync(newPassword);
        await ConfirmNewPassword.FillAsync(confirmation ?? newPassword);
        await ChangeButton.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}
