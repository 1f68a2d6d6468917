using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.PlugIns;

/// <summary>The log report (support bundle): what it holds, and that no secret is in it, even with every log line kept.</summary>
public sealed class SupportBundleTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    private const string DatabaseSecret = "Db-Secret-123!";
    private const string MailSecret = "Mail-Secret-456!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_log_report_holds_logs_configuration_node_and_cluster_and_no_secret_in_clear()
    {
        using var admin = await console.AdminAsync();
        await SaveAsync(admin, "log", new JsonObject { ["level"] = "ALL" });
        var database = await TestPostgres.CreateDatabaseAsync("bundle");
        var userName = "u_" + Guid.NewGuid().ToString("N")[..12];
        await TestPostgres.CreateUserAsync(userName, DatabaseSecret, database);
        var server = TestPostgres.Admin;
        await SaveAsync(admin, "database", new JsonObject
        {
            ["type"] = "PostgreSQL",
            ["host"] = server.Host,
            ["port"] = server.Port,
            ["databaseName"] = database,
            ["userName"] = userName,
            ["password"] = DatabaseSecret,
        });
        using (var install = await admin.Post("/api/database/install"))
        {
            await install.ShouldBeOkAsync();
        }

        using (var test = await admin.Post("/api/database/test"))
        {
            Assert.True((bool)(await test.ShouldBeOkAsync())["ok"]!);
        }

        await admin.InstallAsync(PluginPackages.Sample("mail"));
        var revision = (int)(await admin.GetOkAsync("/api/plugins/com.vmware.o11n.mail/configuration"))["version"]!;
        using (var configure = await admin.Put("/api/plugins/com.vmware.o11n.mail/configuration", new
        {
            revision,
            values = new { smtpHost = "smtp.example.com", senderAddress = "orchestrator@example.com", userName = "mailer", password = MailSecret },
        }))
        {
            await configure.ShouldBeOkAsync();
        }

        var started = await admin.StartServerAsync();
        Assert.True((string?)started["state"] == "Running", started.ToJsonString());
        using (var stop = await admin.Post("/api/server/stop"))
        {
            await stop.ShouldBeAsync(HttpStatusCode.Accepted);
        }

        using var response = await admin.Get("/api/troubleshooting/support-bundle");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var entries = await ReadAllEntriesAsync(response);

        Assert.Contains("logs/recent.log", entries.Keys);
        Assert.Contains("configuration.json", entries.Keys);
        Assert.Contains("node.json", entries.Keys);
        Assert.Contains("cluster.json", entries.Keys);
        Assert.Contains("The Orchestrator server is running", entries["logs/recent.log"]);
        var configuration = JsonNode.Parse(entries["configuration.json"])!;
        Assert.Equal(database, (string?)configuration["database"]!["databaseName"]);
        Assert.Single(configuration["plugins"]!.AsArray(), p => (string?)p!["id"] == "com.vmware.o11n.mail");
        var mail = configuration["plugin.com.vmware.o11n.mail"]!;
        Assert.Equal("smtp.example.com", (string?)mail["smtpHost"]);
        Assert.True((bool)mail["passwordHasValue"]!);
        foreach (var (name, text) in entries)
        {
            Assert.False(text.Contains(DatabaseSecret, StringComparison.Ordinal), $"{name} holds the database password in clear");
            Assert.False(text.Contains(MailSecret, StringComparison.Ordinal), $"{name} holds the mail password in clear");
        }
    }

    private static async Task<Dictionary<string, string>> ReadAllEntriesAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var entries = new Dictionary<string, string>();
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            entries[entry.FullName] = await reader.ReadToEndAsync(Ct);
        }

        return entries;
    }

    private static async Task SaveAsync(HttpClient admin, string section, JsonObject values)
    {
        values["version"] = (int)(await admin.GetOkAsync($"/api/configuration/{section}"))["version"]!;
        using var save = await admin.Put($"/api/configuration/{section}", values);
        await save.ShouldBeOkAsync();
    }
}
