using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Cluster;

/// <summary>
/// DESIGN.md's cluster build, end to end with two real node processes and the test PostgreSQL: node 1 is configured
/// and started, its configuration exported with a password and imported by node 2, and both then run as one cluster.
/// </summary>
public sealed class ClusterBuildTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    private const string ExportPassword = "Cluster#Export1";
    private const string MailPluginId = "com.vmware.o11n.mail";
    private const string SynchronizationRequired = "Configuration synchronization required";
    private static readonly TimeSpan ClusterTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Node_2_imports_node_1s_export_runs_as_its_Standby_and_a_later_change_on_node_1_shows_until_Synchronize()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await TestPostgres.CreateDatabaseAsync("cluster_build");
        var server = TestPostgres.Admin;
        using var downloads = new TempDirectory();
        using var first = await NodeApi.SignInAsync(Node, ct);

        // Node 1: the database on the Database tab, cluster mode on Server availability.
        await LogInAsAdministratorAsync();
        var databaseTab = await new DatabaseTab(Page).GotoAsync();
        await databaseTab.ChooseTypeAsync("PostgreSQL");
        await databaseTab.FillAsync(server.Host!, server.Port, database, server.Username!, server.Password!);
        await databaseTab.TestConnectionButton.ClickAsync();
        await Expect(databaseTab.TestResult).ToContainTextAsync("Connected to PostgreSQL");
        await databaseTab.SaveButton.ClickAsync();
        await databaseTab.InstallAsync();
        await Expect(databaseTab.SectionState).ToHaveAttributeAsync("data-valid", "true", new() { Timeout = 60_000 });

        var availability = await new ServerAvailabilityTab(Page).GotoAsync();
        await availability.SetClusterModeAsync(heartbeatIntervalMs: 500, failoverHeartbeats: 4);
        await availability.SaveButton.ClickAsync();
        await Expect(availability.Saved.First).ToBeVisibleAsync();
        var cluster = await first.GetJsonAsync("/api/configuration/cluster", ct);
        Assert.True(cluster["clusterMode"]!.GetValue<bool>());
        Assert.Equal(4, cluster["failoverHeartbeats"]!.GetValue<int>());

        // Plug-in, its settings (with a secret) and Reset current version, through the API.
        await InstallMailPluginAsync(first, ct);
        await ConfigureMailPluginAsync(first, ct);
        await PostAsync(first, "/api/troubleshooting/reset-current-version", ct);

        // Start node 1 on Startup options and wait until it runs as the Active.
        var startup = await new StartupTab(Page).GotoAsync();
        await startup.StartButton.ClickAsync();
        await Expect(startup.State).ToHaveTextAsync("Running · Active", new() { Timeout = 60_000 });
        await Expect(Page.GetByText("Starting the server…")).ToHaveCountAsync(0); // the panel goes with the state it was for

        // Export with a password, the browser's download captured.
        var transfer = await new ExportImportPage(Page).GotoAsync();
        var file = await transfer.ExportAsync(ExportPassword, downloads.Path);
        Assert.EndsWith(".vmoconfig", file, StringComparison.Ordinal);
        var exported = await File.ReadAllTextAsync(file, ct);
        Assert.DoesNotContain("Mail#Secret1", exported, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password!, exported, StringComparison.Ordinal);

        // Node 2: the same plug-in, then node 1's file through the Import page.
        using var second = await NodeApi.StartNodeAsync(cancellationToken: ct);
        await using var secondProcess = second.Node;
        await using var sampler = ActiveSampler.Start(() => [first, second]); // never two Actives, at any sample
        await using var secondContext = await NewContextForAsync(second.Node);
        var secondPage = await secondContext.NewPageAsync();
        var browserLog = new List<string>();
        secondPage.Console += (_, message) => browserLog.Add($"{message.Type}: {message.Text}");
        try
        {
            await InstallMailPluginAsync(second, ct);
            var login = await new LoginPage(secondPage).GotoAsync();
            await login.LogInAsync(ConsoleFixture.AdminName, ConsoleFixture.AdminPassword);
            await secondPage.WaitForURLAsync(url => new Uri(url).AbsolutePath == OverviewPage.Path);
            var import = await new ExportImportPage(secondPage).GotoAsync();
            await import.PreviewAsync(file, "Not-the-password1");
            await Expect(import.ImportError).ToBeVisibleAsync();
            await import.FilePassword.FillAsync(ExportPassword);
            await import.PreviewButton.ClickAsync();
            await Expect(import.ImportFileName).ToHaveTextAsync(Path.GetFileName(file));
            await Expect(import.Preview).ToBeVisibleAsync();
            await Expect(import.ImportError).ToHaveCountAsync(0); // an earlier error goes once a preview succeeds
            foreach (var section in new[] { "database", "cluster", "plugins" })
            {
                await Expect(import.Section(section).GetByTestId("section-changes")).ToHaveTextAsync("changes");
            }

            await Expect(import.Section("database").Locator("tr[data-field=databaseName]")).ToContainTextAsync(database);
            await Expect(import.Section("general").GetByRole(AriaRole.Checkbox)).ToBeDisabledAsync();
            await import.ApplyAsync();
            await Expect(import.ImportResult).ToContainTextAsync("Imported:");

            // Both configurations are now identical: node 2 starts as the Standby.
            await second.StartServerAsync(ct);
            Assert.Equal("Standby", (await second.WaitUntilRunningAsync(TestCluster.StartTimeout, ct)).Role);
            Assert.Equal("Active", (await first.GetServerAsync(ct)).Role);
            foreach (var node in new[] { first, second })
            {
                var nodes = await WaitForClusterAsync(node, n => n.Count == 2 && n.All(x => (string?)x["syncState"] == "Synchronized"), "both nodes Synchronized", ct);
                Assert.Equal((string?)nodes[0]["pendingFingerprint"], (string?)nodes[1]["pendingFingerprint"]);
            }

            // A cluster-relevant change on node 1 leaves node 2 out of sync until Synchronize.
            availability = await new ServerAvailabilityTab(Page).GotoAsync();
            await availability.SetFailoverAsync(heartbeatIntervalMs: 500, failoverHeartbeats: 5);
            await availability.SaveButton.ClickAsync();
            await Expect(availability.Saved.First).ToBeVisibleAsync();

            var clusterPage = await new ClusterPage(Page).GotoAsync();
            var secondRow = clusterPage.RowOf(second.Node.BaseAddress);
            await Expect(secondRow.GetByTestId("node-sync")).ToHaveTextAsync(SynchronizationRequired, new() { Timeout = 20_000 });
            await Expect(clusterPage.RowOf(Node.BaseAddress).GetByTestId("node-sync")).Not.ToHaveTextAsync(SynchronizationRequired);
            await Expect(ClusterPage.SelectionOf(secondRow)).ToBeCheckedAsync();
            var before = await WaitForClusterAsync(first, n => n.Count == 2, "two nodes", ct);
            Assert.NotEqual((string?)before[0]["pendingFingerprint"], (string?)before[1]["pendingFingerprint"]);
            await clusterPage.CompareAsync(); // node 1 (this node) against node 2
            await Expect(clusterPage.DriftRow("cluster.failoverHeartbeats").Locator("td")).ToHaveTextAsync(["cluster", "failoverHeartbeats", "5", "4"]);

            await clusterPage.SynchronizeAsync();

            await Expect(clusterPage.SyncOutcomes).ToHaveCountAsync(1, new() { Timeout = 60_000 });
            await Expect(clusterPage.SyncOutcomes).ToHaveAttributeAsync("data-succeeded", "true");
            foreach (var node in new[] { first, second })
            {
                var nodes = await WaitForClusterAsync(node, n => n.Count == 2 && (string?)n[0]["pendingFingerprint"] == (string?)n[1]["pendingFingerprint"], "equal pending fingerprints", ct);
                Assert.DoesNotContain(nodes, n => (string?)n["syncState"] == SynchronizationRequired);
            }

            await Expect(secondRow.GetByTestId("node-sync")).Not.ToHaveTextAsync(SynchronizationRequired, new() { Timeout = 20_000 });
            await clusterPage.CompareAsync();
            await Expect(clusterPage.DriftIdentical).ToBeVisibleAsync();
            var pushed = await second.GetJsonAsync("/api/configuration/cluster", ct);
            Assert.Equal(5, pushed["failoverHeartbeats"]!.GetValue<int>());

            // After Synchronize the other node needs a restart: from node 1's Cluster tab, a signed call that node 2
            // audits under the administrator's name.
            var stopsBefore = await AuditCountAsync(second, "server.stop", ct);
            await clusterPage.ActOnNodeAsync(secondRow, "Restart");
            await Expect(Page.GetByText("accepted the restart")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            Assert.Equal("Standby", (await second.WaitUntilRunningAsync(TestCluster.StartTimeout, ct)).Role);
            await Expect(secondRow.GetByTestId("node-state")).ToHaveTextAsync("Running", new() { Timeout = 30_000 });
            var stops = (await second.GetJsonAsync("/api/audit?action=server.stop", ct))["items"]!.AsArray();
            Assert.Equal(stopsBefore + 1, stops.Count);
            Assert.StartsWith($"{ConsoleFixture.AdminName} (via node ", (string)stops[0]!["user"]!, StringComparison.Ordinal);
            Assert.Null(sampler.DescribeDoubleActives());
        }
        catch
        {
            var output = second.Node.Output;
            TestContext.Current.AddAttachment("node-2-output", output.Length > 20_000 ? output[^20_000..] : output);
            TestContext.Current.AddAttachment("node-2-browser-console", string.Join('\n', browserLog));
            TestContext.Current.AddAttachment("node-2-screenshot", await secondPage.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Timeout = 5_000 }), "image/png");
            throw;
        }
    }

    private static async Task<int> AuditCountAsync(NodeApi node, string action, CancellationToken ct) =>
        (await node.GetJsonAsync($"/api/audit?action={action}", ct))["items"]!.AsArray().Count;

    private async Task<IBrowserContext> NewContextForAsync(ConsoleNode node)
    {
        var browser = await Fixture.GetBrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = node.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(30_000);
        return context;
    }

    /// <summary>Uploads the sample Mail package (built into artifacts/samples) as <c>POST /api/plugins</c>.</summary>
    private static async Task InstallMailPluginAsync(NodeApi node, CancellationToken ct)
    {
        var package = Path.Combine(RepositoryPaths.Root, "artifacts", "samples", "mail.vmoapp");
        Assert.True(File.Exists(package), $"{package} is built with the solution.");
        using var client = node.Node.CreateClient(await node.Node.GetTokenAsync(NodeApi.AdminName, NodeApi.AdminPassword, ct));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(package, ct)), "package", "mail.vmoapp" } };
        using var response = await client.PostAsync("/api/plugins", form, ct);
        await NodeApi.EnsureAsync(response, HttpStatusCode.OK, ct);
    }

    private static async Task ConfigureMailPluginAsync(NodeApi node, CancellationToken ct)
    {
        var values = new JsonObject { ["smtpHost"] = "smtp.example.com", ["senderAddress"] = "orchestrator@example.com", ["userName"] = "orchestrator", ["password"] = "Mail#Secret1" };
        await node.SaveSectionAsync($"plugin.{MailPluginId}", values, ct);
    }

    private static async Task PostAsync(NodeApi node, string path, CancellationToken ct)
    {
        using var response = await node.SendAsync(HttpMethod.Post, path, cancellationToken: ct);
        await NodeApi.EnsureAsync(response, HttpStatusCode.OK, ct);
    }

    /// <summary>Polls <c>GET /api/cluster</c> on <paramref name="node"/> until its nodes satisfy <paramref name="until"/>.</summary>
    private static async Task<List<JsonNode>> WaitForClusterAsync(NodeApi node, Func<List<JsonNode>, bool> until, string what, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + ClusterTimeout;
        while (true)
        {
            var answer = await node.GetJsonAsync("/api/cluster", ct);
            var nodes = answer["nodes"]!.AsArray().Select(n => n!).ToList();
            if (until(nodes))
            {
                return nodes;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{node.Node.BaseAddress}: {what} not reached within {ClusterTimeout.TotalSeconds:0} s; GET /api/cluster answered {answer.ToJsonString()}");
            }

            await Task.Delay(250, ct);
        }
    }
}
