using System.Data.Common;
using Microsoft.Data.SqlClient;
using Npgsql;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Trust;
using Polly;
using Polly.Registry;

namespace OrchestratorConsole.Core.Features.Database;

/// <summary>
/// <c>Test connection</c>: really connects to the Orchestrator database and reports the server version,
/// whether the user may create tables, whether several connections are accepted, and the schema state.
/// </summary>
public sealed class DatabaseConnectionTester(OrchestratorDatabase database, OrchestratorSchemaService schema, ResiliencePipelineProvider<string> pipelines)
{
    /// <summary>Name of the timeout and retry pipeline that wraps every connection attempt.</summary>
    public const string PipelineName = "orchestrator-database";

    /// <summary>Connections opened at once to prove the server takes several (a cluster needs one per node and more).</summary>
    public const int ParallelConnections = 4;

    /// <summary>Name of the check that compares the installed schema with the version this console needs.</summary>
    public const string SchemaCheck = "Schema";

    /// <summary>Name of the check that reports whether the connection is encrypted, and with which certificate.</summary>
    public const string EncryptionCheck = "Encryption";

    /// <summary>Name of the check that fails when the TLS handshake refused the server's certificate.</summary>
    public const string CertificateCheck = "Certificate";

    private ResiliencePipeline Pipeline => pipelines.GetPipeline(PipelineName);

    public async Task<ConnectionTestResult> TestAsync(DatabaseSettings settings, bool clusterMode, CancellationToken cancellationToken = default)
    {
        var fieldErrors = ConfigurationRegistry.Validate(settings).ToList();
        if (fieldErrors.Count > 0)
        {
            return new ConnectionTestResult(false, null, [.. fieldErrors.Select(e => new ConnectionCheck(e.Field, false, e.Message))]);
        }

        try
        {
            return settings.Type switch
            {
                DatabaseType.Embedded => await TestEmbeddedAsync(settings, cancellationToken),
                DatabaseType.PostgreSQL => await TestPostgresAsync(settings, clusterMode, cancellationToken),
                _ => await TestSqlServerAsync(settings, clusterMode, cancellationToken),
            };
        }
        catch (Exception ex) when (ex is DbException or TimeoutException or Polly.Timeout.TimeoutRejectedException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            return ConnectionTestResult.Failed("Connection", DatabaseFailures.Describe(ex, settings));
        }
    }

    private async Task<ConnectionTestResult> TestEmbeddedAsync(DatabaseSettings settings, CancellationToken cancellationToken)
    {
        var checks = new List<ConnectionCheck>
        {
            new("Connection", true, "The embedded database is inside this node (standalone only: a cluster needs PostgreSQL)."),
        };
        var status = await schema.GetStatusAsync(settings, cancellationToken);
        checks.Add(new ConnectionCheck(SchemaCheck, status.IsCurrent, status.Describe()));
        return Result(await EmbeddedVersionAsync(cancellationToken), checks);
    }

    private async Task<string> EmbeddedVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(database.EmbeddedConnectionString());
        await connection.OpenAsync(cancellationToken);
        return "SQLite " + connection.ServerVersion;
    }

    private async Task<ConnectionTestResult> TestPostgresAsync(DatabaseSettings settings, bool clusterMode, CancellationToken cancellationToken)
    {
        var checks = new List<ConnectionCheck>();
        var certificate = new DatabaseCertificateCheck();
        await using var dataSource = database.PostgresDataSourceBuilder(settings, OrchestratorDatabase.PostgresConnectionString(settings, pooling: false), certificate).Build();
        await using var connection = dataSource.CreateConnection();
        try
        {
            await Pipeline.ExecuteAsync(async ct => await connection.OpenAsync(ct), cancellationToken);
        }
        catch (Exception ex) when (certificate.Refusal is not null && ex is NpgsqlException or System.Security.Authentication.AuthenticationException or IOException)
        {
            // Refused in the handshake: nothing, the password least of all, was sent.
            return ConnectionTestResult.Failed(CertificateCheck, certificate.Refusal) with { Encryption = new ConnectionEncryption(false, null, null, Details(certificate)) };
        }

        var serverVersion = $"PostgreSQL {connection.ServerVersion}";
        checks.Add(new ConnectionCheck("Connection", true, $"Connected to {serverVersion} as '{settings.UserName}'."));
        var encryption = await EncryptionAsync(connection, certificate, cancellationToken);
        checks.Add(new ConnectionCheck(EncryptionCheck, true, encryption.Describe()));

        await using (var command = new NpgsqlCommand(
            "SELECT has_database_privilege(current_user, current_database(), 'CREATE'), has_schema_privilege(current_user, 'public', 'CREATE'), current_setting('max_connections')::int, (SELECT count(*) FROM pg_stat_activity)::int",
            connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            var canCreateTables = reader.GetBoolean(1);
            checks.Add(new ConnectionCheck(
                "Create tables",
                canCreateTables,
                canCreateTables
                    ? $"'{settings.UserName}' may create tables in schema public."
                    : $"'{settings.UserName}' may not create tables in schema public.",
                canCreateTables ? null : $"GRANT CREATE ON SCHEMA public TO \"{settings.UserName}\";"));
            var maxConnections = reader.GetInt32(2);
            var inUse = reader.GetInt32(3);
            checks.Add(await CheckParallelConnectionsAsync(dataSource.CreateConnection, maxConnections - inUse, maxConnections, clusterMode, cancellationToken));
        }

        var status = await schema.GetStatusAsync(settings, cancellationToken);
        checks.Add(new ConnectionCheck(SchemaCheck, status.IsCurrent, status.Describe()));
        return Result(serverVersion, checks) with { Encryption = encryption };
    }

    /// <summary>What the server says of the session's TLS, with the certificate the handshake saw.</summary>
    private static async Task<ConnectionEncryption> EncryptionAsync(NpgsqlConnection connection, DatabaseCertificateCheck certificate, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT ssl, version, cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var encrypted = await reader.ReadAsync(cancellationToken) && reader.GetBoolean(0);
        return encrypted
            ? new ConnectionEncryption(true, reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), Details(certificate))
            : new ConnectionEncryption(false, null, null, null);
    }

    private static CertificateDetails? Details(DatabaseCertificateCheck check) => check.Presented is null ? null : CertificateDetails.Of(check.Presented);

    private async Task<ConnectionTestResult> TestSqlServerAsync(DatabaseSettings settings, bool clusterMode, CancellationToken cancellationToken)
    {
        var checks = new List<ConnectionCheck>();
        if (!string.IsNullOrWhiteSpace(settings.Domain))
        {
            return ConnectionTestResult.Failed("Authentication", $"Windows authentication in domain '{settings.Domain}' is not available from this node: leave the domain blank and use SQL authentication.");
        }

        var connectionString = OrchestratorDatabase.SqlServerConnectionString(settings);
        await using var connection = new SqlConnection(connectionString);
        await Pipeline.ExecuteAsync(async ct => await connection.OpenAsync(ct), cancellationToken);
        var serverVersion = $"SQL Server {connection.ServerVersion}";
        checks.Add(new ConnectionCheck("Connection", true, $"Connected to {serverVersion} as '{settings.UserName}'."));

        await using (var command = new SqlCommand("SELECT HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'CREATE TABLE')", connection))
        {
            var canCreate = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken) ?? 0) == 1;
            checks.Add(new ConnectionCheck("Create tables", canCreate, canCreate ? $"'{settings.UserName}' may create tables." : $"'{settings.UserName}' may not create tables.", canCreate ? null : $"GRANT CREATE TABLE TO [{settings.UserName}];"));
        }

        await using (var command = new SqlCommand(SqlServerSnapshotCheck.Query, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                checks.AddRange(SqlServerSnapshotCheck.Evaluate(settings.DatabaseName!, Convert.ToInt32(reader.GetValue(0)), reader.GetBoolean(1), clusterMode));
            }
        }

        checks.Add(await CheckParallelConnectionsAsync(() => new SqlConnection(connectionString), null, null, clusterMode, cancellationToken));
        checks.Add(new ConnectionCheck(SchemaCheck, false, "Installing the Orchestrator schema on SQL Server is not supported by this version: use PostgreSQL for a cluster or Embedded for a standalone node."));
        return Result(serverVersion, checks);
    }

    /// <summary>
    /// The test succeeds when the server takes the connections this node needs. The schema check is reported beside
    /// the others but does not fail the test: a fresh database is the normal case before <c>Install database</c>.
    /// </summary>
    private static ConnectionTestResult Result(string serverVersion, List<ConnectionCheck> checks) =>
        new(checks.Where(c => c.Name != SchemaCheck).All(c => c.Ok), serverVersion, checks);

    private static async Task<ConnectionCheck> CheckParallelConnectionsAsync(Func<DbConnection> create, int? freeSlots, int? maxConnections, bool clusterMode, CancellationToken cancellationToken)
    {
        var name = "Several connections" + (clusterMode ? " (cluster)" : string.Empty);
        var connections = Enumerable.Range(0, ParallelConnections).Select(_ => create()).ToList();
        try
        {
            await Task.WhenAll(connections.Select(c => c.OpenAsync(cancellationToken)));
            var slots = freeSlots is { } free ? $"; {free} of {maxConnections} connection slots free" : string.Empty;
            var enough = freeSlots is null || freeSlots >= 10;
            return new ConnectionCheck(name, enough || !clusterMode, $"Accepted {ParallelConnections} simultaneous connections{slots}." + (enough ? string.Empty : " A cluster needs more free slots: raise max_connections."));
        }
        catch (DbException ex)
        {
            return new ConnectionCheck(name, !clusterMode, $"The server refused a second connection at once ({ex.Message.Split('\n')[0]}); a cluster needs several.");
        }
        finally
        {
            foreach (var c in connections)
            {
                await c.DisposeAsync();
            }
        }
    }
}
