using Microsoft.Playwright;

namespace OrchestratorConsole.Browser.Tests.Pages;

/// <summary>/network: where the console listens, applied at its next start.</summary>
public sealed class NetworkTab(IPage page) : ConsoleShell(page)
{
    public const string Path = "/network";

    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Network", Level = 1 });

    public ILocator HttpPort => Page.GetByLabel("HTTP port", new() { Exact = true });

    public ILocator HttpsPort => Page.GetByLabel("HTTPS port", new() { Exact = true });

    public ILocator SaveButton => Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true });

    public ILocator Addresses => Page.GetByTestId("network-addresses");

    public ILocator Overridden => Page.GetByTestId("network-overridden");

    public ILocator PendingRestart => Page.GetByTestId("network-pending-restart");

    public ILocator Error => Page.GetByTestId("network-error");

    public async Task<NetworkTab> GotoAsync()
    {
        await Page.GotoAsync(Path);
        await WaitForInteractiveAsync();
        await Heading.WaitForAsync();
        return this;
    }

    public async Task SetHttpPortAsync(int port)
    {
        await HttpPort.FillAsync(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await HttpPort.BlurAsync();
    }
}
