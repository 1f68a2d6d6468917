using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.PlugIns;

/// <summary>Install, upgrade, downgrade, configure, disable and uninstall through <c>/api/plugins</c>, with the sample packages.</summary>
public sealed class PluginLifecycleApiTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    private const string Mail = "com.vmware.o11n.mail";
    private const string Ssh = "com.vmware.o11n.ssh";
    private const string Settings = "com.example.settings";

    private string PluginsDirectory => Path.Combine(console.Data.Path, "plugins");

    [Fact]
    public async Task Mail_installs_enabled_upgrades_keeping_its_settings_and_asks_before_a_reinstall_or_downgrade()
    {
        using var admin = await console.AdminAsync();
        var mail = PluginPackages.Sample("mail");

        var installed = await admin.InstallAsync(mail);
        var plugin = installed["plugin"]!;
        Assert.Equal("7.0.1", (string?)plugin["version"]);
        Assert.True((bool)plugin["enabled"]!);
        Assert.False((bool)plugin["configured"]!);
        Assert.Equal(["SMTP host", "Sender address"], plugin["missingSettings"]!.AsArray().Select(m => (string?)m));
        Assert.Null((string?)installed["fromVersion"]);
        Assert.Equal("installed at version 7.0.1", (string?)installed["change"]);
        Assert.Single(Directory.GetFiles(Path.Combine(PluginsDirectory, Mail), "7.0.1-*.vmoapp"));

        var configuration = await admin.GetOkAsync($"/api/plugins/{Mail}/configuration");
        using (var save = await admin.Put($"/api/plugins/{Mail}/configuration", new
        {
            version = (int)configuration["version"]!,
            values = new { smtpHost = "smtp.example.com", senderAddress = "orchestrator@example.com", password = "Mail-Pass-1!" },
        }))
        {
            await save.ShouldBeOkAsync();
        }

        var upgraded = await admin.InstallAsync(PluginPackages.Repack(mail, m => m["version"] = "7.1.0"));
        Assert.Equal("7.0.1", (string?)upgraded["fromVersion"]);
        Assert.Equal("7.1.0", (string?)upgraded["toVersion"]);
        Assert.Equal("upgraded from 7.0.1 to 7.1.0", (string?)upgraded["change"]);
        Assert.True((bool)upgraded["plugin"]!["configured"]!);
        var kept = await admin.GetOkAsync($"/api/plugins/{Mail}/configuration");
        Assert.Equal("smtp.example.com", (string?)kept["values"]!["smtpHost"]);
        Assert.Equal("orchestrator@example.com", (string?)kept["values"]!["senderAddress"]);
        Assert.True((bool)kept["values"]!["passwordHasValue"]!);
        Assert.Equal(25, (int)kept["values"]!["smtpPort"]!);
        Assert.Empty(Directory.GetFiles(Path.Combine(PluginsDirectory, Mail), "7.0.1-*.vmoapp"));
        Assert.Single(Directory.GetFiles(Path.Combine(PluginsDirectory, Mail), "7.1.0-*.vmoapp"));

        using (var again = await admin.UploadAsync(PluginPackages.Repack(mail, m => m["version"] = "7.1.0")))
        {
            var problem = await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal("Confirmation needed", problem.Title);
            Assert.Contains("Mail 7.1.0 is installed; installing 7.1.0 is the same version again. Confirm to go ahead.", problem.Detail);
        }

        var reinstalled = await admin.InstallAsync(PluginPackages.Repack(mail, m => m["version"] = "7.1.0"), confirmDowngrade: true);
        Assert.Equal("reinstalled at version 7.1.0", (string?)reinstalled["change"]);

        using (var older = await admin.UploadAsync(mail))
        {
            var problem = await older.ShouldBeProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("installing 7.0.1 is a downgrade", problem.Detail);
        }

        var downgraded = await admin.InstallAsync(mail, confirmDowngrade: true);
        Assert.Equal("downgraded from 7.1.0 to 7.0.1", (string?)downgraded["change"]);
        Assert.Equal("7.0.1", (string?)(await admin.FindPluginAsync(Mail))!["version"]);
        Assert.Equal(["7.0.1"], Directory.EnumerateFiles(Path.Combine(PluginsDirectory, Mail)).Select(f => Path.GetFileName(f).Split('-')[0]));

        var audit = await admin.GetOkAsync("/api/audit?action=plugin.upgrade");
        Assert.Contains(audit["items"]!.AsArray(), e => ((string?)e!["detail"])?.Contains("upgraded from 7.0.1 to 7.1.0") == true);
    }

    [Fact]
    public async Task Settings_are_checked_per_field_and_secrets_read_back_masked_and_never_stored_in_clear()
    {
        using var admin = await console.AdminAsync();
        await admin.InstallAsync(PluginPackages.Build(SettingsManifest()));
        var view = await admin.GetOkAsync($"/api/plugins/{Settings}/configuration");
        var revision = (int)view["version"]!;
        Assert.Equal(["host", "port", "retries", "endpoint", "password", "verbose", "note"], view["fields"]!.AsArray().Select(f => (string?)f!["name"]));

        using (var bad = await admin.Put($"/api/plugins/{Settings}/configuration", new
        {
            version = revision,
            values = new { port = 70000, host = "bad host!", endpoint = "ftp://x", retries = "abc", verbose = "yes" },
        }))
        {
            var problem = await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal(["Port must be a port between 1 and 65535."], problem.ErrorsFor("port"));
            Assert.Equal(["'bad host!' is not a valid host name or address."], problem.ErrorsFor("host"));
            Assert.Equal(["Endpoint must be an absolute http or https address."], problem.ErrorsFor("endpoint"));
            Assert.Equal(["Retries must be a whole number."], problem.ErrorsFor("retries"));
            Assert.Equal(["Verbose must be true or false."], problem.ErrorsFor("verbose"));
        }

        Assert.Equal(revision, (int)(await admin.GetOkAsync($"/api/plugins/{Settings}/configuration"))["version"]!);

        const string secret = "Plugin-Secret-789!";
        JsonObject saved;
        using (var good = await admin.Put($"/api/plugins/{Settings}/configuration", new
        {
            version = revision,
            values = new { host = "vc01.example.com", port = 8443, retries = 3, endpoint = "https://vc01.example.com/sdk", password = secret, verbose = true, note = "first" },
        }))
        {
            saved = await good.ShouldBeOkAsync();
        }

        var values = saved;
        Assert.Equal("vc01.example.com", (string?)values["host"]);
        Assert.Equal(8443, (int)values["port"]!);
        Assert.Equal(3, (int)values["retries"]!);
        Assert.Null(values["password"]);
        Assert.True((bool)values["passwordHasValue"]!);
        Assert.DoesNotContain(secret, (await admin.GetOkAsync($"/api/plugins/{Settings}/configuration")).ToJsonString());
        Assert.True((bool)(await admin.FindPluginAsync(Settings))!["configured"]!);
        AssertNotInSettingsStore(secret);

        // A secret sent as null keeps the stored one.
        using (var keep = await admin.Put($"/api/plugins/{Settings}/configuration", new { version = (int)saved["version"]!, values = new { password = (string?)null, note = "second" } }))
        {
            var kept = await keep.ShouldBeOkAsync();
            Assert.True((bool)kept["passwordHasValue"]!);
            Assert.Equal("second", (string?)kept["note"]);
        }

        using (var stale = await admin.Put($"/api/plugins/{Settings}/configuration", new { version = revision, values = new { note = "stale" } }))
        {
            var problem = await stale.ShouldBeProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("settings were changed by", problem.Detail);
        }

        Assert.Equal("second", (string?)(await admin.GetOkAsync($"/api/plugins/{Settings}/configuration"))["values"]!["note"]);
    }

    [Fact]
    public async Task Disable_keeps_the_package_and_uninstall_removes_it()
    {
        using var admin = await console.AdminAsync();
        await admin.InstallAsync(PluginPackages.Sample("ssh"));
        var package = Directory.GetFiles(Path.Combine(PluginsDirectory, Ssh), "7.1.0-*.vmoapp").Single();

        using (var disable = await admin.Put($"/api/plugins/{Ssh}/enabled", new { enabled = false }))
        {
            Assert.False((bool)(await disable.ShouldBeOkAsync())["enabled"]!);
        }

        Assert.False((bool)(await admin.FindPluginAsync(Ssh))!["enabled"]!);
        Assert.True(File.Exists(package));

        using (var enable = await admin.Put($"/api/plugins/{Ssh}/enabled", new { enabled = true }))
        {
            Assert.True((bool)(await enable.ShouldBeOkAsync())["enabled"]!);
        }

        using (var uninstall = await admin.Delete($"/api/plugins/{Ssh}"))
        {
            await uninstall.ShouldBeAsync(HttpStatusCode.NoContent);
        }

        Assert.False(File.Exists(package));
        Assert.Null(await admin.FindPluginAsync(Ssh));
        using var gone = await admin.Get($"/api/plugins/{Ssh}/configuration");
        await gone.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var audit = await admin.GetOkAsync("/api/audit?action=plugin.uninstall");
        Assert.Contains(audit["items"]!.AsArray(), e => ((string?)e!["detail"])?.Contains(Ssh) == true);
    }

    [Fact]
    public async Task A_reviewer_sees_the_plugins_but_cannot_install_or_configure_them()
    {
        var reviewer = await console.CreateAccountAsync("Reviewer", "rev");
        using var client = await console.ClientAsync(reviewer, ConsoleFactory.UserPassword);

        await client.GetArrayAsync("/api/plugins");
        using var upload = await client.UploadAsync(PluginPackages.Sample("vcenter"));
        await upload.ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        using var admin = await console.AdminAsync();
        Assert.Null(await admin.FindPluginAsync("com.vmware.o11n.vcenter"));
    }

    private void AssertNotInSettingsStore(string secret)
    {
        var clear = Encoding.UTF8.GetBytes(secret);
        var utf16 = Encoding.Unicode.GetBytes(secret);
        var files = Directory.EnumerateFiles(console.Data.Path, "node-settings.db*").ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            Assert.False(bytes.AsSpan().IndexOf(clear) >= 0, $"{Path.GetFileName(file)} holds the secret in clear");
            Assert.False(bytes.AsSpan().IndexOf(utf16) >= 0, $"{Path.GetFileName(file)} holds the secret in clear (UTF-16)");
        }
    }

    private static JsonObject SettingsManifest()
    {
        var manifest = PluginPackages.Manifest(Settings);
        manifest["name"] = "Settings test";
        manifest["configuration"] = new JsonArray
        {
            new JsonObject { ["name"] = "host", ["label"] = "Host", ["type"] = "host", ["required"] = true },
            new JsonObject { ["name"] = "port", ["label"] = "Port", ["type"] = "port", ["default"] = 443 },
            new JsonObject { ["name"] = "retries", ["label"] = "Retries", ["type"] = "integer", ["default"] = 2 },
            new JsonObject { ["name"] = "endpoint", ["label"] = "Endpoint", ["type"] = "url" },
            new JsonObject { ["name"] = "password", ["label"] = "Password", ["type"] = "secret", ["required"] = true },
            new JsonObject { ["name"] = "verbose", ["label"] = "Verbose", ["type"] = "boolean", ["default"] = false },
            new JsonObject { ["name"] = "note", ["label"] = "Note", ["type"] = "string" },
        };
        return manifest;
    }
}
