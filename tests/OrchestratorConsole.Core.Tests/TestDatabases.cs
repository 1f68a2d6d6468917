using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests;

/// <summary>Orchestrator database settings that point at the test PostgreSQL server.</summary>
public static class TestDatabases
{
    /// <summary>Settings for <paramref name="database"/> on the test server, as the superuser unless another user is given.</summary>
    public static DatabaseSettings Postgres(string database, string? userName = null, string? password = null)
    {
        var admin = TestPostgres.Admin;
        return new DatabaseSettings
        {
            Type = DatabaseType.PostgreSQL,
            Host = admin.Host,
            Port = admin.Port,
            DatabaseName = database,
            UserName = userName ?? admin.Username,
            Password = password ?? admin.Password,
        };
    }

    /// <summary>A fresh, empty database on the test server, with settings to reach it as the superuser.</summary>
    public static async Task<DatabaseSettings> FreshPostgresAsync(string prefix = "orch") => Postgres(await TestPostgres.CreateDatabaseAsync(prefix));

    /// <summary>A login role that may connect to <paramref name="database"/> but holds no other right.</summary>
    public static async Task<(string UserName, string Password)> CreateUserWithoutRightsAsync(string database)
    {
        var userName = $"limited_{Guid.NewGuid():N}"[..24];
        const string password = "Limited!pw1";
        await using var connection = new Npgsql.NpgsqlConnection(TestPostgres.ConnectionStringFor(database));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"CREATE ROLE \"{userName}\" LOGIN PASSWORD '{password}'; REVOKE CREATE ON SCHEMA public FROM PUBLIC;", connection);
        await command.ExecuteNonQueryAsync();
        return (userName, password);
    }

    /// <summary>Runs SQL as the superuser on <paramref name="database"/>.</summary>
    public static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(TestPostgres.ConnectionStringFor(database));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
