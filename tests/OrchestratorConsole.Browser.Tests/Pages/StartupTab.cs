using Microsoft.Playwright;

namespace OrchestratorConsole.Browser.Tests.Pages;

/// <summary>/startup: start, stop and restart the Orchestrator server, its state and role.</summary>
public sealed class StartupTab(IPage page) : ConsoleShell(page)
{
    public const string Path = "/startup";

    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Startup options", Level = 1 });

    public ILocator StartButton => Page.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true });

    /// <summary>The state chip, e.g. "Running · Active".</summary>
    public ILocator State => Page.GetByTestId("server-state-chip");

    public async Task<StartupTab> GotoAsync()
    {
        await Page.GotoAsync(Path);
        await WaitForInteractiveAsync();
        await Heading.WaitForAsync();
        return this;
    }
}
