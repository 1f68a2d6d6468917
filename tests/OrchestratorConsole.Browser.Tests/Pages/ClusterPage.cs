using Microsoft.Playwright;

namespace OrchestratorConsole.Browser.Tests.Pages;

/// <summary>/cluster: every node of the cluster, updated live.</summary>
public sealed class ClusterPage(IPage page) : ConsoleShell(page)
{
    public const string Path = "/cluster";

    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Cluster", Level = 1 });

    public ILocator Table => Page.GetByTestId("cluster-nodes");

    /// <summary>One row per node (rows that have a node name cell).</summary>
    public ILocator Rows => Table.Locator("tr").Filter(new() { Has = Page.GetByTestId("node-name") });

    /// <summary>The row of the node reached at <paramref name="address"/> (the Address column).</summary>
    public ILocator RowOf(Uri address) => Rows.Filter(new() { HasText = address.ToString().TrimEnd('/') });

    public ILocator Roles => Table.GetByTestId("node-role");

    public async Task<ClusterPage> GotoAsync()
    {
        await Page.GotoAsync(Path);
        await WaitForInteractiveAsync();
        return this;
    }
}
