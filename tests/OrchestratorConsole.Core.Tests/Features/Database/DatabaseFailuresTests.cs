using Npgsql;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Testing;
using Polly.Timeout;

namespace OrchestratorConsole.Core.Tests.Features.Database;

/// <summary>Each way a connection fails gives its own plain sentence; the failures are real ones.</summary>
public sealed class DatabaseFailuresTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_refused_port_says_nothing_accepts_connections_there()
    {
        var settings = TestDatabases.Postgres("postgres") with { Host = "127.0.0.1", Port = 1 };

        var message = DatabaseFailures.Describe(await FailureOfAsync(settings), settings);

        Assert.Equal("Nothing accepts connections at 127.0.0.1:1: check that the database server runs and listens on that port.", message);
    }

    [Fact]
    public async Task An_unknown_host_says_the_host_is_unknown()
    {
        var settings = TestDatabases.Postgres("postgres") with { Host = "no-such-host.invalid" };

        var message = DatabaseFailures.Describe(await FailureOfAsync(settings), settings);

        Assert.Equal("The host 'no-such-host.invalid' is unknown: check the name, or use an IP address.", message);
    }

    [Fact]
    public async Task A_wrong_password_says_the_server_refused_the_user_name_or_password()
    {
        var settings = TestDatabases.Postgres("postgres") with { Password = "not-the-password" };

        var message = DatabaseFailures.Describe(await FailureOfAsync(settings), settings);

        Assert.Equal($"The server refused the user name or password for user '{settings.UserName}'.", message);
        Assert.DoesNotContain("not-the-password", message);
    }

    [Fact]
    public async Task A_missing_database_is_named_with_the_statement_that_creates_it()
    {
        var settings = TestDatabases.Postgres("no_such_database_here");

        var message = DatabaseFailures.Describe(await FailureOfAsync(settings), settings);

        Assert.StartsWith($"The database 'no_such_database_here' does not exist on {settings.Host}:{settings.Port}.", message);
        Assert.Contains("CREATE DATABASE \"no_such_database_here\"", message);
    }

    [Fact]
    public void A_timeout_says_no_answer_within_the_connect_timeout()
    {
        var settings = TestDatabases.Postgres("vco") with { Host = "10.255.255.1" };

        Assert.Equal(
            $"No answer from 10.255.255.1:{settings.Port} within {OrchestratorDatabase.ConnectTimeoutSeconds} seconds: check the host, the port and any firewall between.",
            DatabaseFailures.Describe(new TimeoutRejectedException(), settings));
        Assert.StartsWith("No answer from", DatabaseFailures.Describe(new TimeoutException(), settings));
    }

    [Fact]
    public async Task A_server_error_without_its_own_sentence_shows_the_servers_message_on_one_line()
    {
        var database = await TestPostgres.CreateDatabaseAsync("fail");
        var settings = TestDatabases.Postgres(database);
        PostgresException failure;
        await using (var connection = new NpgsqlConnection(OrchestratorDatabase.PostgresConnectionString(settings, pooling: false)))
        {
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand("SELECT * FROM no_such_table", connection);
            failure = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync(Ct));
        }

        var message = DatabaseFailures.Describe(failure, settings);

        Assert.Contains("no_such_table", message);
        Assert.Contains("42P01", message);
        Assert.DoesNotContain("\n", message);
    }

    private static async Task<Exception> FailureOfAsync(DatabaseSettings settings)
    {
        await using var connection = new NpgsqlConnection(OrchestratorDatabase.PostgresConnectionString(settings, pooling: false));
        return await Assert.ThrowsAnyAsync<Exception>(() => connection.OpenAsync(Ct));
    }
}
