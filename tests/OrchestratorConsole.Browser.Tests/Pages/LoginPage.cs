using Microsoft.Playwright;

namespace OrchestratorConsole.Browser.Tests.Pages;

/// <summary>/account/login: a static form.</summary>
public sealed class LoginPage(IPage page)
{
    public const string Path = "/account/login";

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Log in" });

    public ILocator UserName => page.GetByLabel("User name", new() { Exact = true });

    public ILocator Password => page.GetByLabel("Password", new() { Exact = true });

    public ILocator LogInButton => page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true });

    public ILocator Error => page.GetByRole(AriaRole.Alert);

    public async Task<LoginPage> GotoAsync()
    {
        await page.GotoAsync(Path);
        return this;
    }

    public async Task LogInAsync(string userName, string password)
    {
        await UserName.FillAsync(userName);
        await Password.FillAsync(password);
        await LogInButton.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}
