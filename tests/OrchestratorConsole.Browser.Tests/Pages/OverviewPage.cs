using Microsoft.Playwright;

namespace OrchestratorConsole.Browser.Tests.Pages;

/// <summary>/: the node and the red/green state of each configuration section.</summary>
public sealed class OverviewPage(IPage page) : ConsoleShell(page)
{
    public const string Path = "/";

    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 });

    /// <summary>Every section's state item (<c>data-testid="section-&lt;name&gt;"</c>, <c>data-valid</c> true or false).</summary>
    public ILocator Sections => Page.Locator(".mud-main-content [data-testid^=\"section-\"]");

    public ILocator Section(string name) => Page.GetByTestId($"section-{name}");

    public async Task<OverviewPage> GotoAsync()
    {
        await Page.GotoAsync(Path);
        await WaitForInteractiveAsync();
        return this;
    }
}
