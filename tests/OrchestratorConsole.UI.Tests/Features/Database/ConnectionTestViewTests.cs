using Bunit;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.UI.Features.Database.Components;

namespace OrchestratorConsole.UI.Tests.Features.Database;

public sealed class ConnectionTestViewTests : ConsoleTestContext
{
    [Fact]
    public void A_failed_check_shows_its_message_and_the_statement_to_run()
    {
        const string statement = "ALTER DATABASE [orchestrator] SET READ_COMMITTED_SNAPSHOT ON;";
        var result = new ConnectionTestResult(false, "Microsoft SQL Server 2022", [
            new ConnectionCheck("Connection", true, "Connected as orch."),
            new ConnectionCheck("Snapshot isolation", false, "READ_COMMITTED_SNAPSHOT is off.", statement),
        ]);

        var view = Render<ConnectionTestView>(p => p.Add(v => v.Result, result));

        Assert.Contains("Server version: Microsoft SQL Server 2022", view.Find("[data-testid=server-version]").TextContent);
        var failed = view.Find("[data-testid=test-result] [data-ok=false]");
        Assert.Contains("Snapshot isolation — failed: READ_COMMITTED_SNAPSHOT is off.", failed.TextContent);
        Assert.Equal(statement, failed.QuerySelector("[data-testid=check-statement]")!.TextContent);
        Assert.Contains("Connection — ok: Connected as orch.", view.Find("[data-testid=test-result] [data-ok=true]").TextContent);
        Assert.NotNull(failed.QuerySelector("button[aria-label='Copy the statement']"));
    }
}
