using System.Net;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.PlugIns;

/// <summary>Reset current version through the API: who may, what it leaves in the audit, and the version the database records.</summary>
public sealed class TroubleshootingApiTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task Support_and_administrators_may_reset_the_current_version_and_a_reviewer_may_not()
    {
        var support = await console.CreateAccountAsync("Support", "support");
        var reviewer = await console.CreateAccountAsync("Reviewer", "reviewer");
        using var supportClient = await console.ClientAsync(support, ConsoleFactory.UserPassword);
        using var reviewerClient = await console.ClientAsync(reviewer, ConsoleFactory.UserPassword);
        using var admin = await console.AdminAsync();

        using (var bySupport = await supportClient.Post("/api/troubleshooting/reset-current-version"))
        {
            var body = await bySupport.ShouldBeOkAsync();
            Assert.True((bool)body["resetPending"]!);
            Assert.Equal("The next server start reinstalls all plug-in content.", (string?)body["message"]);
        }

        using (var byAdmin = await admin.Post("/api/troubleshooting/reset-current-version"))
        {
            await byAdmin.ShouldBeOkAsync();
        }

        using (var byReviewer = await reviewerClient.Post("/api/troubleshooting/reset-current-version"))
        {
            await byReviewer.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        var audit = await admin.GetOkAsync("/api/audit?action=troubleshooting.reset-current-version");
        var users = audit["items"]!.AsArray().Select(e => (string?)e!["user"]).ToList();
        Assert.Contains(support, users);
        Assert.Contains(ConsoleFactory.AdminName, users);
        Assert.DoesNotContain(reviewer, users);
    }

    [Fact]
    public async Task The_plugin_list_shows_the_version_installed_in_the_database_once_a_start_installed_it()
    {
        using var admin = await console.AdminAsync();
        await admin.InstallAsync(PluginPackages.Sample("vcenter"));
        Assert.Null((string?)(await admin.FindPluginAsync("com.vmware.o11n.vcenter"))!["installedInDatabase"]);

        var status = await admin.StartServerAsync();
        try
        {
            Assert.True((string?)status["state"] == "Running", status.ToJsonString());
            var vcenter = (await admin.FindPluginAsync("com.vmware.o11n.vcenter"))!;
            Assert.Equal("6.5.0", (string?)vcenter["installedInDatabase"]);
            Assert.Equal("6.5.0", (string?)vcenter["version"]);
        }
        finally
        {
            using var stop = await admin.Post("/api/server/stop");
        }
    }
}
