using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.PlugIns;

/// <summary>The content-change guard as an API caller meets it: 409 naming the node that runs.</summary>
public sealed class ContentChangeGuardApiTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task Installing_a_plugin_while_another_node_runs_on_the_database_is_a_409_naming_that_node()
    {
        using var admin = await console.AdminAsync();
        var database = await TestPostgres.CreateDatabaseAsync("guard");
        var server = TestPostgres.Admin;
        var settings = new JsonObject
        {
            ["type"] = "PostgreSQL",
            ["host"] = server.Host,
            ["port"] = server.Port,
            ["databaseName"] = database,
            ["userName"] = server.Username,
            ["password"] = server.Password,
            ["version"] = (int)(await admin.GetOkAsync("/api/configuration/database"))["version"]!,
        };
        using (var save = await admin.Put("/api/configuration/database", settings))
        {
            await save.ShouldBeOkAsync();
        }

        using (var install = await admin.Post("/api/database/install"))
        {
            await install.ShouldBeOkAsync();
        }

        await using (var connection = new Npgsql.NpgsqlConnection(TestPostgres.ConnectionStringFor(database)))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var insert = new Npgsql.NpgsqlCommand(
                "INSERT INTO cluster_nodes (node_id, name, public_url, product_version, instance_nonce, state, role, last_heartbeat, started_at) " +
                "VALUES (gen_random_uuid(), 'orch-node-2', 'https://orch-node-2.example.com', '1.0.0', gen_random_uuid(), 'Running', 'Active', now(), now())",
                connection);
            await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        using var response = await admin.UploadAsync(PluginPackages.Sample("mail"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Other nodes are running", problem.Title);
        Assert.Contains("Installing Mail 7.0.1 is refused while other nodes of the cluster are running: orch-node-2 (https://orch-node-2.example.com)", problem.Detail);
        Assert.Null(await admin.FindPluginAsync("com.vmware.o11n.mail"));
    }
}
