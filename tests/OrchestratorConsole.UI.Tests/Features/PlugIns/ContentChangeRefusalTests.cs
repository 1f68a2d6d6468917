using Bunit;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.UI.Features.Cluster.Components;
using OrchestratorConsole.UI.Features.PlugIns;

namespace OrchestratorConsole.UI.Tests.Features.PlugIns;

/// <summary>The content-change guard's refusal where it is shown, with its way out: stop the other nodes, then try again.</summary>
public sealed class ContentChangeRefusalTests : PluginTestContext
{
    [Fact]
    public async Task An_uninstall_refused_while_another_node_runs_offers_to_stop_it_after_a_confirmation()
    {
        await InstallAsync(TestPackages.Mail);
        await RegisterOtherNodeAsync(Guid.NewGuid(), "east", "http://127.0.0.1:9", "aaaa", DateTimeOffset.UtcNow);
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<PlugInsPage>();
        var page = rendered.Page;
        page.WaitForElement("[data-testid=plugins] tbody tr");

        await page.StartClickButtonAsync("Uninstall");
        await rendered.Dialogs.AnswerAsync("Uninstall");

        var refusal = page.WaitForElement("[data-testid=other-nodes-running]");
        Assert.Contains("east (http://127.0.0.1:9)", refusal.TextContent);
        Assert.Single(await Plugins.ListAsync(Cancellation));

        await page.StartClickButtonAsync("Stop the other nodes");
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains("Stop the servers of east (http://127.0.0.1:9), one at a time?", rendered.Dialogs.Markup));
        await rendered.Dialogs.AnswerAsync("Stop the other nodes");

        // Nothing answers at east's address: the step names it and why.
        page.WaitForAssertion(() => Assert.Equal("Failed", page.Find("[data-testid=other-node-progress]").GetAttribute("data-step")), TimeSpan.FromSeconds(60));
        Assert.Contains("east could not be reached", page.Find("[data-testid=other-node-progress]").TextContent);
    }

    [Theory]
    [InlineData(Roles.Support, false)]
    [InlineData(Roles.Administrator, true)]
    public void The_refusal_offers_Stop_the_other_nodes_only_to_an_administrator(string role, bool offered)
    {
        var refusal = new OtherNodesRunningException("Uninstalling Mail is refused while other nodes of the cluster are running: east (http://127.0.0.1:9).", ["east (http://127.0.0.1:9)"]);

        var component = Render<ContentChangeRefusal>(p => p
            .Add(c => c.Refusal, refusal)
            .Add(c => c.Actor, new Actor("someone", new HashSet<string> { role })));

        Assert.Contains("east (http://127.0.0.1:9)", component.Find("[data-testid=other-nodes-running]").TextContent);
        Assert.Equal(offered, component.HasButton("Stop the other nodes"));
        Assert.Equal(!offered, component.Markup.Contains("An Administrator can stop them", StringComparison.Ordinal));
    }
}
