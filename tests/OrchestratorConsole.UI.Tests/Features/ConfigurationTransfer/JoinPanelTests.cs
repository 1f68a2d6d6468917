using Bunit;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Server;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.UI.Tests.Features.ConfigurationTransfer;

/// <summary>Join a cluster: take another node's configuration, then start the server.</summary>
public sealed class JoinPanelTests : TransferTestContext
{
    [Fact]
    public async Task Join_takes_another_nodes_configuration_but_not_its_name_and_then_starts_the_server()
    {
        using var other = await NodeApi.StartNodeAsync(cancellationToken: Cancellation);
        await using var otherProcess = other.Node;
        await other.SaveSectionAsync("log", new JsonObject { ["level"] = "DEBUG" }, Cancellation);
        await other.SaveSectionAsync("general", new JsonObject { ["name"] = "the-other-node" }, Cancellation);
        SignInAs(Roles.Administrator);
        var rendered = RenderTransferPage();
        var page = rendered.Page;

        page.Field("Node address").Change(other.Node.BaseAddress.ToString());
        page.Field("Administrator password").Change(NodeApi.AdminPassword);
        await page.StartClickButtonAsync("Join");
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains(other.Node.BaseAddress.ToString(), rendered.Dialogs.Markup));
        await rendered.Dialogs.AnswerAsync("Join");

        var result = page.WaitForElement("[data-testid=join-result]", TimeSpan.FromSeconds(60));
        Assert.Contains("took the configuration of the-other-node", result.TextContent);
        Assert.Contains("Plug-ins installed: none", result.TextContent);
        Assert.Contains("log", result.TextContent);
        Assert.Empty(page.FindAll("[data-testid=join-warning]"));
        var configuration = Node.GetRequiredService<ConfigurationService>();
        Assert.Equal("DEBUG", (await configuration.GetAsync<LogSettings>(Cancellation)).Settings.Level);
        Assert.NotEqual("the-other-node", (await configuration.GetAsync<GeneralSettings>(Cancellation)).Settings.Name);

        await page.ClickAsync("Start the server now");

        var status = await Node.GetRequiredService<OrchestratorServer>().WaitWhileStartingAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(ServerState.Running, status.State);
        // "Starting the server…" is said only while it starts: once it runs, neither the panel nor a message says it.
        page.WaitForAssertion(() => Assert.True(page.Button("Start the server now").HasAttribute("disabled")));
        Assert.DoesNotContain("Starting the server", page.Find("[data-testid=join-panel]").TextContent);
        Assert.DoesNotContain("Starting the server", rendered.Snackbars.Markup);
    }

    [Fact]
    public async Task Join_refuses_an_address_that_is_not_http_and_names_a_node_that_does_not_answer()
    {
        SignInAs(Roles.Administrator);
        var rendered = RenderTransferPage();
        var page = rendered.Page;

        page.Field("Node address").Change("ftp://node1.example.com");
        page.Field("Administrator password").Change("Some#Pass1");
        await page.StartClickButtonAsync("Join");
        await rendered.Dialogs.AnswerAsync("Join");
        page.WaitForAssertion(() => Assert.Contains("must be an absolute http or https address", page.Find("[data-testid=join-error]").TextContent));

        page.Field("Node address").Change("http://127.0.0.1:9");
        await page.StartClickButtonAsync("Join");
        await rendered.Dialogs.AnswerAsync("Join");
        page.WaitForAssertion(() => Assert.Contains("Nothing answers at http://127.0.0.1:9/", page.Find("[data-testid=join-error]").TextContent), TimeSpan.FromSeconds(60));
        Assert.Empty(page.FindAll("[data-testid=join-result]"));
    }
}
