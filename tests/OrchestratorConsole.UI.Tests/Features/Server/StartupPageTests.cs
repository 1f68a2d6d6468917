using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Server;
using OrchestratorConsole.UI.Features.Server;

namespace OrchestratorConsole.UI.Tests.Features.Server;

public sealed class StartupPageTests : ConsoleTestContext
{
    [Fact]
    public async Task Starting_the_server_is_no_longer_said_once_the_server_runs()
    {
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<StartupPage>();
        var page = rendered.Page;
        page.WaitForAssertion(() => Assert.Contains("Stopped", page.Find("[data-testid=server-state-chip]").TextContent));

        await page.ClickAsync("Start");

        var status = await Node.GetRequiredService<OrchestratorServer>().WaitWhileStartingAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(ServerState.Running, status.State);
        page.WaitForAssertion(() => Assert.Contains("Running", page.Find("[data-testid=server-state-chip]").TextContent));
        Assert.DoesNotContain("Starting the server", page.Markup);
        Assert.DoesNotContain("Starting the server", rendered.Snackbars.Markup);
    }
}
