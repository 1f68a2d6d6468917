using Microsoft.Playwright;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Reliability.Tests.Infrastructure;

/// <summary>Base of the accessibility tests: a real node in Chromium, signed in as its administrator, a page settled before it is checked.</summary>
public abstract class AccessibilityTest : ReliabilityTest
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>A node of its own and Chromium on it, at the console's base address.</summary>
    protected async Task<IPage> OpenAsync()
    {
        var node = await StartNodeAsync(postgresStore: false);
        (_playwright, _browser) = await Chromium.LaunchAsync();
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = node.Node.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(20_000);
        return await context.NewPageAsync();
    }

    protected static async Task LogInAsync(IPage page)
    {
        await ConsoleBrowser.LogInAsync(page, StoreNode.AdminName, StoreNode.AdminPassword);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await SettleAsync(page);
    }

    /// <summary>
    /// Waits until the page shown is settled: a static page, or an interactive one whose circuit is up (the layout's
    /// marker). After a click in the menu the address changes before the new page replaces the old one, so the check
    /// is made twice, 300 ms apart, and the second one sees the new page (a static page after an interactive one would
    /// otherwise be waited on for a circuit it never has).
    /// </summary>
    protected static async Task SettleAsync(IPage page)
    {
        const string settled = "() => { const root = document.querySelector('.console-root'); return !root || root.dataset.render === 'static' || root.dataset.interactive === 'yes'; }";
        await page.WaitForLoadStateAsync(LoadState.Load);
        await page.WaitForFunctionAsync(settled);

        // Loading indicators and snackbars settle; axe then sees the page as a person would.
        await page.WaitForTimeoutAsync(300);
        await page.WaitForFunctionAsync(settled);
    }

    /// <summary>The paths the side menu links to.</summary>
    protected static async Task<List<string>> MenuLinksAsync(IPage page)
    {
        var hrefs = await page.GetByRole(AriaRole.Navigation, new() { Name = "Console sections" }).Locator("a[href]")
            .EvaluateAllAsync<string[]>("links => links.map(a => new URL(a.href).pathname)");
        return [.. hrefs.Distinct()];
    }

    public override async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}
