using Microsoft.Playwright;

namespace OrchestratorConsole.Browser.Tests.Pages;

/// <summary>/trust: the SSL trust list, with import from URL or PEM and removal.</summary>
public sealed class TrustTab(IPage page) : ConsoleShell(page)
{
    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "SSL trust", Level = 1 });

    /// <summary>The row of a trusted certificate, by its fingerprint.</summary>
    public ILocator Entry(string sha256) => Page.Locator($"[data-testid=trust-entry][data-sha256='{sha256}']");
}
