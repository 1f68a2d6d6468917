using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;

namespace OrchestratorConsole.Core.Tests.Features.Database;

/// <summary><c>Test connection</c> against the real test PostgreSQL server and the embedded database.</summary>
public sealed class DatabaseConnectionTesterTests : IAsyncLifetime
{
    private NodeHost _node = null!;

    private DatabaseConnectionTester Tester => _node.Get<DatabaseConnectionTester>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _node = await NodeHost.StartAsync(NodeStore.Sqlite, Ct);

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task An_installed_PostgreSQL_database_passes_every_check_for_a_cluster()
    {
        var settings = await TestDatabases.FreshPostgresAsync();
        await _node.Get<OrchestratorSchemaService>().InstallAsync(TestActors.Administrator(), settings, cancellationToken: Ct);

        var result = await Tester.TestAsync(settings, clusterMode: true, Ct);

        Assert.True(result.Ok, string.Join(" | ", result.Checks.Select(c => $"{c.Name}: {c.Message}")));
        Assert.Matches(@"^PostgreSQL \d+\.\d+", result.ServerVersion);
        Assert.Equal(["Connection", DatabaseConnectionTester.EncryptionCheck, "Create tables", "Several connections (cluster)", "Schema"], result.Checks.Select(c => c.Name));
        Assert.All(result.Checks, c => Assert.Null(c.Statement));
        Assert.Contains($"Accepted {DatabaseConnectionTester.ParallelConnections} simultaneous connections", Check(result, "Several connections (cluster)").Message);
        Assert.Contains("is current", Check(result, "Schema").Message);
    }

    [Fact]
    public async Task A_database_without_the_schema_connects_but_asks_for_the_install()
    {
        var settings = await TestDatabases.FreshPostgresAsync();

        var result = await Tester.TestAsync(settings, clusterMode: false, Ct);

        // The connection is good (the next step is Install database); the schema check says what is missing.
        Assert.True(result.Ok);
        Assert.NotNull(result.ServerVersion);
        Assert.True(Check(result, "Connection").Ok);
        Assert.True(Check(result, "Create tables").Ok);
        Assert.True(Check(result, "Several connections").Ok);
        var schema = Check(result, "Schema");
        Assert.False(schema.Ok);
        Assert.Contains("not installed", schema.Message);
        Assert.Contains("Install database", schema.Message);
    }

    [Fact]
    public async Task A_user_who_may_not_create_tables_fails_that_check_with_the_grant_that_fixes_it()
    {
        var settings = await TestDatabases.FreshPostgresAsync();
        var (userName, password) = await TestDatabases.CreateUserWithoutRightsAsync(settings.DatabaseName!);
        var limited = settings with { UserName = userName, Password = password };

        var result = await Tester.TestAsync(limited, clusterMode: false, Ct);

        Assert.False(result.Ok);
        Assert.True(Check(result, "Connection").Ok);
        var create = Check(result, "Create tables");
        Assert.False(create.Ok);
        Assert.Contains($"'{userName}' may not create tables", create.Message);
        Assert.Equal($"GRANT CREATE ON SCHEMA public TO \"{userName}\";", create.Statement);

        // The statement shown really fixes it.
        await TestDatabases.ExecuteAsync(settings.DatabaseName!, create.Statement!);
        Assert.True(Check(await Tester.TestAsync(limited, clusterMode: false, Ct), "Create tables").Ok);
    }

    [Fact]
    public async Task A_wrong_password_fails_with_its_own_message_and_no_stack_trace()
    {
        var settings = TestDatabases.Postgres("postgres") with { Password = "wrong-password" };

        var result = await Tester.TestAsync(settings, clusterMode: false, Ct);

        Assert.False(result.Ok);
        Assert.Null(result.ServerVersion);
        var check = Assert.Single(result.Checks);
        Assert.Equal(("Connection", false), (check.Name, check.Ok));
        Assert.Equal($"The server refused the user name or password for user '{settings.UserName}'.", check.Message);
    }

    [Fact]
    public async Task A_missing_database_fails_with_its_own_message()
    {
        var result = await Tester.TestAsync(TestDatabases.Postgres("missing_db_for_test"), clusterMode: false, Ct);

        Assert.Contains("'missing_db_for_test' does not exist", Assert.Single(result.Checks).Message);
    }

    [Fact]
    public async Task A_refused_port_fails_with_its_own_message()
    {
        var result = await Tester.TestAsync(TestDatabases.Postgres("vco") with { Host = "127.0.0.1", Port = 1 }, clusterMode: false, Ct);

        Assert.StartsWith("Nothing accepts connections at 127.0.0.1:1", Assert.Single(result.Checks).Message);
    }

    [Fact]
    public async Task An_unknown_host_fails_with_its_own_message()
    {
        var result = await Tester.TestAsync(TestDatabases.Postgres("vco") with { Host = "no-such-host.invalid" }, clusterMode: false, Ct);

        Assert.StartsWith("The host 'no-such-host.invalid' is unknown", Assert.Single(result.Checks).Message);
    }

    [Fact]
    public async Task Invalid_fields_are_reported_per_field_without_connecting()
    {
        var result = await Tester.TestAsync(new DatabaseSettings { Type = DatabaseType.PostgreSQL, Port = 0 }, clusterMode: false, Ct);

        Assert.False(result.Ok);
        Assert.Equal(["databaseName", "host", "port", "userName"], result.Checks.Select(c => c.Name).Order());
        Assert.All(result.Checks, c => Assert.False(c.Ok));
    }

    [Fact]
    public async Task The_embedded_database_of_a_fresh_node_passes_with_its_SQLite_version()
    {
        var result = await Tester.TestAsync(new DatabaseSettings(), clusterMode: false, Ct);

        Assert.True(result.Ok);
        Assert.StartsWith("SQLite ", result.ServerVersion);
        Assert.Contains("standalone only", Check(result, "Connection").Message);
        Assert.True(Check(result, "Schema").Ok);
    }

    [Fact]
    public async Task SQL_Server_with_a_domain_is_refused_before_connecting()
    {
        var settings = new DatabaseSettings { Type = DatabaseType.SqlServer, Host = "127.0.0.1", Port = 1, DatabaseName = "vco", UserName = "vco", Domain = "CORP" };

        var result = await Tester.TestAsync(settings, clusterMode: false, Ct);

        var check = Assert.Single(result.Checks);
        Assert.Equal("Authentication", check.Name);
        Assert.Contains("leave the domain blank", check.Message);
    }

    private static ConnectionCheck Check(ConnectionTestResult result, string name) =>
        Assert.Single(result.Checks, c => c.Name == name);
}
