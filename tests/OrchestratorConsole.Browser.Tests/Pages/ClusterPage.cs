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

    public ILocator SynchronizeButton => Page.GetByRole(AriaRole.Button, new() { Name = "Synchronize", Exact = true });

    /// <summary>One line per node that Synchronize reached (<c>data-succeeded</c> true or false).</summary>
    public ILocator SyncOutcomes => Page.GetByTestId("sync-outcome");

    public ILocator CompareButton => Page.GetByRole(AriaRole.Button, new() { Name = "Compare", Exact = true });

    /// <summary>Compares the two nodes chosen (at first this node and the first other), opening the choosers if they are closed.</summary>
    public async Task CompareAsync()
    {
        var choose = Page.GetByRole(AriaRole.Button, new() { Name = "Choose nodes", Exact = true });
        if (await choose.CountAsync() > 0)
        {
            await choose.ClickAsync();
        }

        await CompareButton.ClickAsync();
    }

    /// <summary>Compare nodes' table: one row per differing field, <c>data-field</c> = section.field.</summary>
    public ILocator DriftRow(string field) => Page.GetByTestId("drift-report").Locator($"tr[data-field='{field}']");

    /// <summary>What Compare nodes says when the two configurations are the same.</summary>
    public ILocator DriftIdentical => Page.GetByTestId("drift-identical");

    /// <summary>The Synchronize check box of a node's row.</summary>
    public static ILocator SelectionOf(ILocator row) => row.Locator("input[type=checkbox]");

    /// <summary>Clicks Synchronize and confirms the dialog.</summary>
    public async Task SynchronizeAsync()
    {
        await SynchronizeButton.ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Synchronize", Exact = true }).ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
    }

    /// <summary>
    /// Clicks <paramref name="action"/> (Start, Stop, Restart) in another node's row, confirming the dialog that Stop and
    /// Restart ask first.
    /// </summary>
    public async Task ActOnNodeAsync(ILocator row, string action)
    {
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex($"^{action} ") }).ClickAsync();
        if (action != "Start")
        {
            var dialog = Page.GetByRole(AriaRole.Dialog);
            await dialog.GetByRole(AriaRole.Button, new() { Name = action, Exact = true }).ClickAsync();
            await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        }
    }

    public async Task<ClusterPage> GotoAsync()
    {
        await Page.GotoAsync(Path);
        await WaitForInteractiveAsync();
        return this;
    }
}
