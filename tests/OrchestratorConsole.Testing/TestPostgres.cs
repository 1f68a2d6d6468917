using Npgsql;

namespace OrchestratorConsole.Testing;

/// <summary>
/// The throwaway PostgreSQL server that the test command starts. A test that needs it fails (never skips)
/// when <c>ORCHESTRATOR_TEST_POSTGRES</c> is not set.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "ORCHESTRATOR_TEST_POSTGRES";

    /// <summary>The superuser connection string of the test server.</summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL server.");

    public static NpgsqlConnectionStringBuilder Admin => new(AdminConnectionString);

    /// <summary>Names the PEM file of the authority that signed the test server's TLS certificate.</summary>
    public const string CaVariable = "ORCHESTRATOR_TEST_POSTGRES_CA";

    /// <summary>Names the PEM file of the test server's own TLS certificate.</summary>
    public const string CertificateVariable = "ORCHESTRATOR_TEST_POSTGRES_CERT";

    /// <summary>The authority that signed the test server's certificate (for localhost and 127.0.0.1); test.sh makes both.</summary>
    public static string CaCertificatePem => ReadPem(CaVariable);

    /// <summary>The certificate the test server presents.</summary>
    public static string ServerCertificatePem => ReadPem(CertificateVariable);

    private static string ReadPem(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path && File.Exists(path)
            ? File.ReadAllText(path)
            : throw new InvalidOperationException($"{variable} does not name a PEM file: run the tests with ./test.sh, which starts the test PostgreSQL server with TLS and a certificate authority of its own.");

    /// <summary>Creates a fresh, empty database with a unique name and returns its name.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    /// <summary>Connection string of the superuser on database <paramref name="database"/>.</summary>
    public static string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ToString();

    /// <summary>Creates a login role with a password that may create tables in <paramref name="database"/>.</summary>
    public static async Task CreateUserAsync(string userName, string password, string database)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"CREATE ROLE \"{userName}\" LOGIN PASSWORD '{password.Replace("'", "''")}'; GRANT ALL ON DATABASE \"{database}\" TO \"{userName}\"; GRANT ALL ON SCHEMA public TO \"{userName}\";",
            connection);
        await command.ExecuteNonQueryAsync();
    }
}
