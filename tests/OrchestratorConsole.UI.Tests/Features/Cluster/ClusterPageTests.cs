using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.UI.Features.Cluster;

namespace OrchestratorConsole.UI.Tests.Features.Cluster;

/// <summary>
/// The Cluster page over the node's real (Embedded) cluster store, in which two other nodes are registered as their
/// heartbeats would register them; their consoles are addresses where nothing answers.
/// </summary>
public sealed class ClusterPageTests : ConsoleTestContext
{
    private static readonly Guid East = Guid.NewGuid();
    private static readonly Guid West = Guid.NewGuid();

    /// <summary>The node's cluster services, which the shared context does not hand out; resolved once the node runs.</summary>
    public ClusterPageTests()
    {
        Services.AddSingleton(_ => Node.GetRequiredService<ClusterService>());
        Services.AddSingleton(_ => Node.GetRequiredService<ClusterLiveFeed>());
        Services.AddSingleton(_ => Node.GetRequiredService<ClusterSyncService>());
    }

    [Fact]
    public async Task The_out_of_sync_node_is_checked_and_Synchronize_shows_each_nodes_outcome_after_confirmation()
    {
        await RegisterOtherNodesAsync();
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<ClusterPage>();
        var page = rendered.Page;

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=node-name]").Count));
        Assert.Equal("Configuration synchronization required", SyncStateOf(page, "east"));
        Assert.Equal("Synchronized", SyncStateOf(page, "west"));
        Assert.True(CheckBoxOf(page, "east").IsChecked());
        Assert.False(CheckBoxOf(page, "west").IsChecked());

        await page.StartClickButtonAsync("Synchronize");
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains("east (http://127.0.0.1:9)", rendered.Dialogs.Markup));
        Assert.DoesNotContain("west", rendered.Dialogs.Markup);
        await rendered.Dialogs.AnswerAsync("Synchronize");

        var outcome = page.WaitForElement("[data-testid=sync-outcome]", TimeSpan.FromSeconds(60));
        Assert.Equal("false", outcome.GetAttribute("data-succeeded"));
        Assert.Contains("east", outcome.TextContent);
        Assert.Contains("Nothing was changed there.", outcome.TextContent);
        Assert.Single(page.FindAll("[data-testid=sync-outcome]"));
    }

    [Fact]
    public async Task Unchecking_every_node_disables_Synchronize()
    {
        await RegisterOtherNodesAsync();
        SignInAs(Roles.Administrator);
        var page = RenderPage<ClusterPage>().Page;
        page.WaitForAssertion(() => Assert.True(CheckBoxOf(page, "east").IsChecked()));
        Assert.False(page.Button("Synchronize").HasAttribute("disabled"));

        await page.InvokeAsync(() => CheckBoxOf(page, "east").Change(false));

        page.WaitForAssertion(() => Assert.True(page.Button("Synchronize").HasAttribute("disabled")));
    }

    [Fact]
    public async Task Compare_nodes_names_the_node_that_cannot_be_reached()
    {
        await RegisterOtherNodesAsync();
        SignInAs(Roles.Reviewer, "reviewer");
        var page = RenderPage<ClusterPage>().Page;
        page.WaitForAssertion(() => Assert.True(page.HasButton("Choose nodes")));
        await page.ClickAsync("Choose nodes");
        page.WaitForAssertion(() => Assert.False(page.Button("Compare").HasAttribute("disabled")));

        await page.ClickAsync("Compare");

        page.WaitForAssertion(() => Assert.Contains("http://127.0.0.1:9/", page.Find("[data-testid=drift-error]").TextContent), TimeSpan.FromSeconds(60));
        Assert.Empty(page.FindAll("[data-testid=drift-report]"));
    }

    [Fact]
    public async Task A_reviewer_sees_the_nodes_without_Synchronize_or_check_boxes()
    {
        await RegisterOtherNodesAsync();
        SignInAs(Roles.Reviewer, "reviewer");

        var page = RenderPage<ClusterPage>().Page;

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=node-name]").Count));
        Assert.False(page.HasButton("Synchronize"));
        Assert.Empty(page.FindAll("input[type=checkbox]"));
        Assert.True(page.HasButton("Choose nodes"));
        Assert.Equal("Running", RowOf(page, "east").QuerySelector("[data-testid=node-state]")!.TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=node-actions]"));
        Assert.False(page.HasButton("Stop"));
        Assert.False(page.HasButton("Stop the other nodes"));
    }

    [Fact]
    public async Task Stop_asks_first_and_then_names_the_node_that_cannot_be_reached()
    {
        await RegisterOtherNodesAsync();
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<ClusterPage>();
        var page = rendered.Page;
        page.WaitForAssertion(() => Assert.NotNull(page.Find("button[aria-label='Stop east']")));

        await page.StartClickAsync("button[aria-label='Stop east']");
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains("east (http://127.0.0.1:9)", rendered.Dialogs.Markup));
        await rendered.Dialogs.AnswerAsync("Cancel");
        await page.StartClickAsync("button[aria-label='Stop east']");
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains("east (http://127.0.0.1:9)", rendered.Dialogs.Markup));
        await rendered.Dialogs.AnswerAsync("Stop");

        rendered.Snackbars.WaitForAssertion(() => Assert.Contains("east could not be reached", rendered.Snackbars.Markup), TimeSpan.FromSeconds(60));
        Assert.DoesNotContain("accepted", rendered.Snackbars.Markup);
    }

    [Fact]
    public async Task Stop_the_other_nodes_lists_them_first_and_stops_at_the_first_that_fails()
    {
        await RegisterOtherNodesAsync();
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<ClusterPage>();
        var page = rendered.Page;
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=node-name]").Count));

        await page.StartClickButtonAsync("Stop the other nodes");
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains("west (http://127.0.0.1:10)", rendered.Dialogs.Markup));
        Assert.Contains("east (http://127.0.0.1:9)", rendered.Dialogs.Markup);
        await rendered.Dialogs.AnswerAsync("Stop the other nodes");

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=other-node-progress]"), r => r.GetAttribute("data-step") == "NotAttempted"), TimeSpan.FromSeconds(60));
        var rows = page.FindAll("[data-testid=other-node-progress]");
        Assert.Equal(["Failed", "NotAttempted"], rows.Select(r => r.GetAttribute("data-step")));
        Assert.Contains("could not be reached", rows[0].TextContent);
        Assert.Contains("failed first", rows[1].TextContent);
    }

    /// <summary>Two live nodes with different saved configurations: west saved last, so east is the one out of sync.</summary>
    private async Task RegisterOtherNodesAsync()
    {
        var now = DateTimeOffset.UtcNow;
        await RegisterOtherNodeAsync(East, "east", "http://127.0.0.1:9", "aaaa", now.AddMinutes(-10));
        await RegisterOtherNodeAsync(West, "west", "http://127.0.0.1:10", "bbbb", now);
    }

    private static string SyncStateOf(IRenderedComponent<ClusterPage> page, string name) =>
        RowOf(page, name).QuerySelector("[data-testid=node-sync]")!.TextContent.Trim();

    private static IElement CheckBoxOf(IRenderedComponent<ClusterPage> page, string name) =>
        RowOf(page, name).QuerySelector("input[type=checkbox]")!;

    private static IElement RowOf(IRenderedComponent<ClusterPage> page, string name) =>
        page.FindAll("tr").Single(r => r.QuerySelector("[data-testid=node-name]")?.TextContent.Trim() == name);
}
