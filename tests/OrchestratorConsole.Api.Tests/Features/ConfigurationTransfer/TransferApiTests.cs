using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.ConfigurationTransfer;

/// <summary>Export, preview and import through the API of one node (the file is this node's own export).</summary>
public sealed class TransferApiTests(ExportedNodeFactory factory) : IClassFixture<ExportedNodeFactory>
{
    private const string Password = ExportedNodeFactory.ExportPassword;

    [Fact]
    public async Task The_export_is_a_vmoconfig_download_without_any_secret_in_clear()
    {
        using var admin = await factory.AdminAsync();

        using var response = await admin.Post("/api/configuration/export", new { password = Password });
        await response.ShouldBeAsync(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.EndsWith(".vmoconfig", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("orchestrator-console-configuration", (string?)JsonNode.Parse(text)!["format"]);
        Assert.DoesNotContain(ExportedNodeFactory.MailPassword, text);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(ExportedNodeFactory.MailPassword)), text);
    }

    [Fact]
    public async Task A_reviewer_may_neither_export_nor_import()
    {
        var (_, plain) = await factory.FilesAsync();
        var reviewer = await factory.CreateAccountAsync("Reviewer", "rev");
        using var client = await factory.ClientAsync(reviewer, ConsoleFactory.UserPassword);

        using var export = await client.Post("/api/configuration/export");
        await export.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var import = await client.SendFileAsync(plain, null, apply: true);
        await import.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_general_section_needs_override_identity()
    {
        var (encrypted, _) = await factory.FilesAsync();
        using var admin = await factory.AdminAsync();
        var before = await admin.SnapshotAsync();

        using (var refused = await admin.SendFileAsync(encrypted, Password, apply: true, sections: "general"))
        {
            var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains(problem.ErrorsFor("sections"), m => m.Contains("override node identity", StringComparison.Ordinal));
        }

        Assert.Equal(before, await admin.SnapshotAsync());
        using var applied = await admin.SendFileAsync(encrypted, Password, apply: true, sections: "general", overrideIdentity: true);
        var result = await applied.ShouldBeOkAsync();
        Assert.Equal(["general"], result["sections"]!.AsArray().Select(s => (string?)s));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" , ")]
    public async Task A_sections_field_that_names_no_section_is_refused_and_changes_nothing(string sections)
    {
        var (encrypted, _) = await factory.FilesAsync();
        using var admin = await factory.AdminAsync();
        var before = await admin.SnapshotAsync();

        using (var refused = await admin.SendFileAsync(encrypted, Password, apply: true, sections: sections))
        {
            var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains(problem.ErrorsFor("sections"), m => m.Contains("leave the field out", StringComparison.Ordinal));
        }

        Assert.Equal(before, await admin.SnapshotAsync());
    }

    [Fact]
    public async Task An_import_that_breaks_a_rule_between_sections_writes_nothing()
    {
        var (_, plain) = await factory.FilesAsync();
        using var admin = await factory.AdminAsync();
        var file = TransferApi.Resign(plain, d =>
        {
            d["configuration"]!["cluster"]!["clusterMode"] = true;
            d["configuration"]!["log"]!["level"] = "DEBUG";
        });
        var before = await admin.SnapshotAsync();

        using var response = await admin.SendFileAsync(file, null, apply: true, sections: "log,cluster");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Cluster mode needs a shared PostgreSQL database", problem.Detail);
        Assert.Equal(before, await admin.SnapshotAsync());
    }

    [Fact]
    public async Task A_successful_import_creates_revisions_whose_history_names_the_file_and_the_source_node()
    {
        var (_, plain) = await factory.FilesAsync();
        using var admin = await factory.AdminAsync();
        var general = await admin.GetOkAsync("/api/configuration/general");
        var file = TransferApi.Resign(plain, d => d["configuration"]!["startup"]!["startServerOnLaunch"] = true);

        using var response = await admin.SendFileAsync(file, null, apply: true, sections: "startup", fileName: "rack-7.vmoconfig");

        var result = await response.ShouldBeOkAsync();
        var id = (long)result["revisions"]!.AsArray().Single()!;
        var revision = (await admin.GetArrayAsync("/api/configuration/revisions?section=startup")).Single(r => (long)r!["id"]! == id)!;
        Assert.Equal(ConsoleFactory.AdminName, (string?)revision["author"]);
        Assert.Contains("rack-7.vmoconfig", (string?)revision["source"]);
        Assert.Contains((string)general["name"]!, (string?)revision["source"]);
        Assert.True((bool)(await admin.GetOkAsync("/api/configuration/startup"))["startServerOnLaunch"]!);
    }

    [Fact]
    public async Task A_file_that_moves_a_left_out_secret_is_previewed_unauthenticated_and_imported_only_with_the_secret_typed_again()
    {
        var (_, plain) = await factory.FilesAsync();
        using var admin = await factory.AdminAsync();
        var secret = $"plugins.{TransferApi.Mail}.password";
        var file = TransferApi.Resign(plain, d => d["configuration"]!["plugins"]![TransferApi.Mail]!["settings"]!["smtpHost"] = "smtp.elsewhere.example");
        var before = await admin.SnapshotAsync();

        using var preview = await admin.SendFileAsync(file, null, apply: false);
        var previewed = await preview.ShouldBeOkAsync();
        using var refused = await admin.SendFileAsync(file, null, apply: true, sections: "plugins");
        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.False((bool)previewed["authenticated"]!);
        var plugins = previewed["sections"]!.AsArray().Single(s => (string?)s!["section"] == "plugins")!;
        Assert.Equal(secret, (string?)plugins["secretsRequired"]!.AsArray().Single()!["path"]);
        Assert.Contains("of the section 'plugins' is required again", Assert.Single(problem.ErrorsFor(secret)));
        Assert.Equal(before, await admin.SnapshotAsync());

        using var typed = await admin.SendFileAsync(file, null, apply: true, sections: "plugins", secrets: $"{{\"{secret}\": \"Typed-Again-1!\"}}");
        await typed.ShouldBeOkAsync();
        Assert.Equal("smtp.elsewhere.example", (string?)(await admin.GetOkAsync($"/api/plugins/{TransferApi.Mail}/configuration"))["values"]!["smtpHost"]);
    }
}
