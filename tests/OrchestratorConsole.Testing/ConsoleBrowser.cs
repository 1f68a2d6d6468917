using Microsoft.Playwright;

namespace OrchestratorConsole.Testing;

/// <summary>What every browser-driven check does with the console's pages: sign in, and wait for a live circuit.</summary>
public static class ConsoleBrowser
{
    public const string LoginPath = "/account/login";

    /// <summary>Signs in through the sign-in form and waits until the browser has left it.</summary>
    public static async Task LogInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync(LoginPath);
        await page.GetByLabel("User name", new() { Exact = true }).FillAsync(userName);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath != LoginPath);
    }

    /// <summary>Clicks are lost on a prerendered page until its circuit is interactive: waits for the layout's marker.</summary>
    public static Task WaitForInteractiveAsync(IPage page, float? timeout = null) =>
        page.Locator("[data-interactive=\"yes\"]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = timeout });
}
