using Microsoft.Playwright;

namespace OrchestratorConsole.Browser.Tests.Pages;

/// <summary>/troubleshooting: Reset current version and the log report.</summary>
public sealed class TroubleshootingTab(IPage page) : ConsoleShell(page)
{
    public const string Path = "/troubleshooting";

    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Troubleshooting", Level = 1 });

    public ILocator ResetButton => Page.GetByRole(AriaRole.Button, new() { Name = "Reset current version", Exact = true });

    public ILocator GenerateReportButton => Page.GetByRole(AriaRole.Button, new() { Name = "Generate log report", Exact = true });

    /// <summary>The confirmation that asks before a reset.</summary>
    public ILocator Dialog => Page.GetByRole(AriaRole.Dialog);

    public ILocator ConfirmResetButton => Dialog.GetByRole(AriaRole.Button, new() { Name = "Reset", Exact = true });

    /// <summary>Shown while the next start is to reinstall all plug-in content.</summary>
    public ILocator ResetPending => Page.GetByTestId("reset-pending");

    public async Task<TroubleshootingTab> GotoAsync()
    {
        await Page.GotoAsync(Path);
        await WaitForInteractiveAsync();
        await Heading.WaitForAsync();
        return this;
    }
}
