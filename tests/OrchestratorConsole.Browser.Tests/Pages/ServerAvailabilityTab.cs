using System.Globalization;
using Microsoft.Playwright;

namespace OrchestratorConsole.Browser.Tests.Pages;

/// <summary>/server-availability: cluster mode and failover timing.</summary>
public sealed class ServerAvailabilityTab(IPage page) : ConsoleShell(page)
{
    public const string Path = "/server-availability";

    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Server availability", Level = 1 });

    public ILocator ClusterMode => Page.GetByLabel("Cluster mode", new() { Exact = true });

    public ILocator HeartbeatInterval => Page.GetByLabel("Heartbeat interval (ms)", new() { Exact = true });

    public ILocator FailoverHeartbeats => Page.GetByLabel("Number of failover heartbeats", new() { Exact = true });

    public ILocator SaveButton => Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true });

    /// <summary>The confirmation the page shows once the settings are saved.</summary>
    public ILocator Saved => Page.GetByText("Server availability saved", new() { Exact = false });

    public async Task<ServerAvailabilityTab> GotoAsync()
    {
        await Page.GotoAsync(Path);
        await WaitForInteractiveAsync();
        await Heading.WaitForAsync();
        return this;
    }

    /// <summary>Switches cluster mode on (when it is off) and enters the timing; does not save.</summary>
    public async Task SetClusterModeAsync(int heartbeatIntervalMs, int failoverHeartbeats)
    {
        if (!await ClusterMode.IsCheckedAsync())
        {
            await Page.GetByText("Cluster mode", new() { Exact = true }).ClickAsync();
        }

        await Assertions.Expect(ClusterMode).ToBeCheckedAsync();
        await SetFailoverAsync(heartbeatIntervalMs, failoverHeartbeats);
    }

    public async Task SetFailoverAsync(int heartbeatIntervalMs, int failoverHeartbeats)
    {
        await FillNumberAsync(HeartbeatInterval, heartbeatIntervalMs);
        await FillNumberAsync(FailoverHeartbeats, failoverHeartbeats);
    }

    private static async Task FillNumberAsync(ILocator field, int value)
    {
        await field.FillAsync(value.ToString(CultureInfo.InvariantCulture));
        await field.PressAsync("Tab"); // the field takes its value on change
    }
}
