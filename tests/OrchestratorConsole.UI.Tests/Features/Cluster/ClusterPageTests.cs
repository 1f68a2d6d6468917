using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
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
        Assert.True(page.HasButton("Compare"));
    }

    /// <summary>Two live nodes with different saved configurations: west saved last, so east is the one out of sync.</summary>
    private async Task RegisterOtherNodesAsync()
    {
        var database = (await Node.GetRequiredService<ConfigurationService>().GetAsync<DatabaseSettings>(Cancellation)).Settings;
        await using var store = Node.GetRequiredService<ClusterStoreFactory>().Create(database);
        var timeout = TimeSpan.FromMinutes(5);
        var now = DateTimeOffset.UtcNow;
        await store.RegisterAsync(new NodeAnnouncement(East, Guid.NewGuid(), "east", "http://127.0.0.1:9", ProductInfo.Version, "aaaa", "aaaa", now.AddMinutes(-10), null, null), timeout, null, Cancellation);
        await store.RegisterAsync(new NodeAnnouncement(West, Guid.NewGuid(), "west", "http://127.0.0.1:10", ProductInfo.Version, "bbbb", "bbbb", now, null, null), timeout, null, Cancellation);
    }

    private static string SyncStateOf(IRenderedComponent<ClusterPage> page, string name) =>
        RowOf(page, name).QuerySelector("[data-testid=node-sync]")!.TextContent.Trim();

    private static IElement CheckBoxOf(IRenderedComponent<ClusterPage> page, string name) =>
        RowOf(page, name).QuerySelector("input[type=checkbox]")!;

    private static IElement RowOf(IRenderedComponent<ClusterPage> page, string name) =>
        page.FindAll("tr").Single(r => r.QuerySelector("[data-testid=node-name]")?.TextContent.Trim() == name);
}
