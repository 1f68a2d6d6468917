using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.Database;

/// <summary>The Database tab through the API, against the real PostgreSQL server of the test run.</summary>
public sealed class DatabaseApiTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    private const string DatabasePassword = "Db-User-Pass-1!";

    [Fact]
    public async Task Testing_a_fresh_database_connects_and_reports_the_server_version_and_each_check()
    {
        using var admin = await console.AdminAsync();
        var settings = await FreshDatabaseAsync();

        using var response = await admin.Post("/api/database/test", settings);

        var result = await response.ShouldBeOkAsync();
        Assert.True((bool)result["ok"]!, result.ToJsonString());
        Assert.Contains("PostgreSQL", (string?)result["serverVersion"]);
        var checks = result["checks"]!.AsArray().ToDictionary(c => (string)c!["name"]!, c => c!.AsObject());
        Assert.True((bool)checks["Create tables"]["ok"]!);
        Assert.True((bool)checks["Several connections"]["ok"]!);
        Assert.Contains("simultaneous connections", (string?)checks["Several connections"]["message"]);
        Assert.False((bool)checks["Schema"]["ok"]!);
        Assert.Contains("Install database", (string?)checks["Schema"]["message"]);
        Assert.All(checks.Values, c => Assert.DoesNotContain("   at ", (string?)c["message"]));
    }

    [Theory]
    [InlineData("wrong password", "user name or password")]
    [InlineData("missing database", "does not exist")]
    [InlineData("unknown host", "unknown")]
    [InlineData("refused port", "Nothing accepts connections")]
    public async Task Each_way_a_connection_fails_has_its_own_plain_message(string failure, string expected)
    {
        using var admin = await console.AdminAsync();
        var settings = await FreshDatabaseAsync();
        switch (failure)
        {
            case "wrong password":
                settings["password"] = "Not-The-Password-9!";
                break;
            case "missing database":
                settings["databaseName"] = "no_such_database_" + Guid.NewGuid().ToString("N")[..8];
                break;
            case "unknown host":
                settings["host"] = "no-such-host.invalid";
                break;
            case "refused port":
                settings["host"] = "127.0.0.1";
                settings["port"] = 1;
                break;
        }

        using var response = await admin.Post("/api/database/test", settings);

        var result = await response.ShouldBeOkAsync();
        Assert.False((bool)result["ok"]!);
        var failed = result["checks"]!.AsArray().First(c => !(bool)c!["ok"]!)!;
        Assert.Contains(expected, (string?)failed["message"]);
        Assert.DoesNotContain("   at ", result.ToJsonString());
        Assert.DoesNotContain("Exception", result.ToJsonString());
    }

    [Fact]
    public async Task Saved_settings_are_tested_without_a_body_installed_and_the_section_turns_valid()
    {
        using var admin = await console.AdminAsync();
        var settings = await FreshDatabaseAsync();
        var current = await admin.GetOkAsync("/api/configuration/database");
        settings["version"] = (int)current["version"]!;
        using var save = await admin.Put("/api/configuration/database", settings);
        await save.ShouldBeOkAsync();

        using var test = await admin.Post("/api/database/test");
        var tested = await test.ShouldBeOkAsync();
        Assert.True((bool)tested["ok"]!, tested.ToJsonString());
        Assert.Contains("PostgreSQL", (string?)tested["serverVersion"]);

        using var install = await admin.Post("/api/database/install");
        var installed = await install.ShouldBeOkAsync();
        Assert.True((int)installed["schemaVersion"]! >= 1);
        Assert.Equal((int)installed["targetVersion"]!, (int)installed["schemaVersion"]!);

        var node = await admin.GetOkAsync("/api/node");
        var database = node["validation"]!.AsArray().Single(v => (string?)v!["section"] == "database")!;
        Assert.True((bool)database["valid"]!, database.ToJsonString());
        var audit = await admin.GetOkAsync("/api/audit?action=database.install&user=vmware");
        Assert.True((int)audit["total"]! >= 1);
    }

    [Fact]
    public async Task Two_nodes_installing_one_fresh_database_at_once_both_succeed()
    {
        await using var otherNode = new ConsoleFactory();
        var settings = await FreshDatabaseAsync();
        using var first = await console.AdminAsync();
        using var second = await otherNode.AdminAsync();
        foreach (var admin in new[] { first, second })
        {
            var body = settings.DeepClone().AsObject();
            body["version"] = (int)(await admin.GetOkAsync("/api/configuration/database"))["version"]!;
            using var save = await admin.Put("/api/configuration/database", body);
            await save.ShouldBeOkAsync();
        }

        var installs = await Task.WhenAll(first.Post("/api/database/install"), second.Post("/api/database/install"));

        foreach (var install in installs)
        {
            var result = await install.ShouldBeOkAsync();
            Assert.Equal((int)result["targetVersion"]!, (int)result["schemaVersion"]!);
            install.Dispose();
        }

        using var check = await first.Post("/api/database/test");
        var tested = await check.ShouldBeOkAsync();
        var schema = tested["checks"]!.AsArray().Single(c => (string?)c!["name"] == "Schema")!;
        Assert.True((bool)schema["ok"]!, schema.ToJsonString());
    }

    /// <summary>A new, empty database and a user that owns nothing but may create tables in it, as the database fields.</summary>
    private static async Task<JsonObject> FreshDatabaseAsync()
    {
        var database = await TestPostgres.CreateDatabaseAsync("api");
        var userName = "u_" + Guid.NewGuid().ToString("N")[..12];
        await TestPostgres.CreateUserAsync(userName, DatabasePassword, database);
        var server = TestPostgres.Admin;
        return new JsonObject
        {
            ["type"] = "PostgreSQL",
            ["host"] = server.Host,
            ["port"] = server.Port,
            ["databaseName"] = database,
            ["userName"] = userName,
            ["password"] = DatabasePassword,
        };
    }
}
