using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.PlugIns;

/// <summary>A plug-in's settings through <c>/api/configuration/plugin.&lt;id&gt;</c>, like every other section, and through the alias.</summary>
public sealed class PluginSectionApiTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    private const string Section = "/api/configuration/plugin.com.vmware.o11n.mail";

    [Fact]
    public async Task The_mail_port_saves_as_587_with_a_version_a_stale_version_is_refused_and_history_lists_each_save()
    {
        using var admin = await console.AdminAsync();
        await admin.InstallAsync(PluginPackages.Sample("mail"));
        var initial = await admin.GetOkAsync(Section);
        Assert.Equal((1, 25), ((int)initial["version"]!, (int)initial["smtpPort"]!));
        Assert.Null(initial["password"]);
        Assert.False((bool)initial["passwordHasValue"]!);

        JsonObject saved;
        using (var save = await admin.Put(Section, new { version = 1, smtpPort = 587, smtpHost = "smtp.example.org", password = "Mail#Pass-587", comment = "submission port" }))
        {
            saved = await save.ShouldBeOkAsync();
        }

        Assert.Equal((2, 587, "smtp.example.org"), ((int)saved["version"]!, (int)saved["smtpPort"]!, (string?)saved["smtpHost"]));
        Assert.True((bool)saved["passwordHasValue"]!);
        Assert.DoesNotContain("Mail#Pass-587", saved.ToJsonString());

        using (var stale = await admin.Put(Section, new { version = 1, smtpPort = 2525 }))
        {
            var problem = await stale.ShouldBeProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("Mail settings were changed by vmware", problem.Detail);
        }

        using (var alias = await admin.Put("/api/plugins/com.vmware.o11n.mail/configuration", new { version = 2, smtpPort = 465, useSsl = true }))
        {
            Assert.Equal(465, (int)(await alias.ShouldBeOkAsync())["smtpPort"]!);
        }

        using (var outOfRange = await admin.Put(Section, new { version = 3, smtpPort = 70000 }))
        {
            var problem = await outOfRange.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal(["SMTP port must be a port between 1 and 65535."], problem.ErrorsFor("smtpPort"));
        }

        var history = await admin.GetArrayAsync("/api/configuration/revisions?section=plugin.com.vmware.o11n.mail");
        Assert.Equal([3, 2, 1], history.Select(r => (int)r!["version"]!));
        Assert.Equal("submission port", (string?)history[1]!["comment"]);
        var diff = await admin.GetOkAsync($"/api/configuration/revisions/{(long)history[2]!["id"]!}/diff/{(long)history[1]!["id"]!}");
        Assert.Contains(diff["fields"]!.AsArray(), f => (string?)f!["field"] == "smtpPort" && (string?)f["before"] == "25" && (string?)f["after"] == "587");
        Assert.Contains(diff["fields"]!.AsArray(), f => (string?)f!["field"] == "password" && (bool)f["secret"]! && (string?)f["after"] == "(set)");
    }

    [Fact]
    public async Task A_reviewer_reads_a_plug_in_section_and_may_not_save_it()
    {
        using var admin = await console.AdminAsync();
        await admin.InstallAsync(PluginPackages.Sample("ssh"));
        using var reviewer = await console.ClientAsync(await console.CreateAccountAsync("Reviewer", "reviewer"), ConsoleFactory.UserPassword);
        var view = await reviewer.GetOkAsync("/api/configuration/plugin.com.vmware.o11n.ssh");

        using var save = await reviewer.Put("/api/configuration/plugin.com.vmware.o11n.ssh", new { version = (int)view["version"]!, userName = "reviewer" });

        await save.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal((int)view["version"]!, (int)(await admin.GetOkAsync("/api/configuration/plugin.com.vmware.o11n.ssh"))["version"]!);
    }
}
