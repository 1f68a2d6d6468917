using Microsoft.Playwright;

namespace OrchestratorConsole.Browser.Tests.Pages;

/// <summary>/certificate: the certificate this node serves, and its import.</summary>
public sealed class CertificateTab(IPage page) : ConsoleShell(page)
{
    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Server certificate", Level = 1 });

    public ILocator Sha256 => Page.GetByTestId("certificate-sha256");
}
