using System.Collections.Concurrent;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data.Orchestrator;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.Trust;

namespace OrchestratorConsole.Core.Features.Database;

/// <summary>
/// Opens the Orchestrator database that a <see cref="DatabaseSettings"/> describes. PostgreSQL connections come from
/// one data source per connection string, whose TLS handshake asks <see cref="DatabaseCertificateTrust"/> in
/// <see cref="DatabaseSslMode.VerifyFull"/>.
/// </summary>
public sealed class OrchestratorDatabase(NodePaths paths, DatabaseCertificateTrust trust) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, NpgsqlDataSource> _dataSources = new(StringComparer.Ordinal);

    /// <summary>Seconds to wait for a connection before giving up.</summary>
    public const int ConnectTimeoutSeconds = 8;

    /// <param name="settings">Where the database is.</param>
    /// <param name="migrationApplying">Told the id of each migration as EF Core starts applying it (install progress).</param>
    public OrchestratorDbContext CreateContext(DatabaseSettings settings, Action<string>? migrationApplying = null) => settings.Type switch
    {
        DatabaseType.Embedded => new SqliteOrchestratorDbContext(Observe(new DbContextOptionsBuilder<SqliteOrchestratorDbContext>(), migrationApplying)
            .UseSqlite(EmbeddedConnectionString()).Options),
        DatabaseType.PostgreSQL => new PostgresOrchestratorDbContext(Observe(new DbContextOptionsBuilder<PostgresOrchestratorDbContext>(), migrationApplying)
            .UseNpgsql(PostgresDataSource(settings).CreateConnection(), contextOwnsConnection: true, o => o.EnableRetryOnFailure(2, TimeSpan.FromSeconds(1), null)).Options),
        _ => throw new ConflictException(
            "Installing the Orchestrator schema on SQL Server is not supported by this version. SQL Server settings are accepted and checked; choose PostgreSQL for a cluster or Embedded for a standalone node.",
            "SQL Server schema not supported"),
    };

    private static DbContextOptionsBuilder<T> Observe<T>(DbContextOptionsBuilder<T> builder, Action<string>? migrationApplying)
        where T : DbContext
    {
        if (migrationApplying is not null)
        {
            builder.LogTo(
                (id, _) => id == Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.MigrationApplying,
                data => migrationApplying(System.Reflection.CustomAttributeExtensions.GetCustomAttribute<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>(((Microsoft.EntityFrameworkCore.Diagnostics.MigrationEventData)data).Migration.GetType())!.Id));
        }

        return builder;
    }

    public string EmbeddedConnectionString() => new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
    {
        DataSource = paths.EmbeddedDatabaseFile,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>The pooled data source of <paramref name="settings"/>, made once per connection string.</summary>
    public NpgsqlDataSource PostgresDataSource(DatabaseSettings settings) =>
        _dataSources.GetOrAdd(PostgresConnectionString(settings), connectionString => PostgresDataSourceBuilder(settings, connectionString).Build());

    /// <summary>
    /// A data source of <paramref name="settings"/> to build (and dispose) oneself: the certificate check of its TLS
    /// mode, and what the handshake saw into <paramref name="check"/> when given.
    /// </summary>
    public NpgsqlDataSourceBuilder PostgresDataSourceBuilder(DatabaseSettings settings, string connectionString, DatabaseCertificateCheck? check = null)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (settings.SslMode == DatabaseSslMode.VerifyFull || check is not null)
        {
            var host = settings.Host?.Trim() ?? string.Empty;
            // Npgsql runs a callback of ours only in place of its own checks, under Require; the callback then does
            // all of VerifyFull (chain and host name). Without the callback the connection string keeps VerifyFull.
            if (settings.SslMode == DatabaseSslMode.VerifyFull)
            {
                builder.ConnectionStringBuilder.SslMode = SslMode.Require;
            }

            builder.UseSslClientAuthenticationOptionsCallback(options =>
                options.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => trust.Validate(settings.SslMode, host, certificate, chain, errors, check));
        }

        return builder;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _dataSources.Values)
        {
            await dataSource.DisposeAsync();
        }

        _dataSources.Clear();
    }

    public static string PostgresConnectionString(DatabaseSettings settings, bool pooling = true) => new NpgsqlConnectionStringBuilder
    {
        Host = settings.Host?.Trim(),
        Port = settings.EffectivePort,
        Database = settings.DatabaseName,
        Username = settings.UserName,
        Password = settings.Password,
        SslMode = settings.SslMode switch
        {
            DatabaseSslMode.Disable => SslMode.Disable,
            DatabaseSslMode.Require => SslMode.Require,
            DatabaseSslMode.VerifyFull => SslMode.VerifyFull,
            _ => SslMode.Prefer,
        },
        Timeout = ConnectTimeoutSeconds,
        CommandTimeout = 30,
        Pooling = pooling,
        ApplicationName = "Orchestrator Console",
    }.ToString();

    public static string SqlServerConnectionString(DatabaseSettings settings) => new SqlConnectionStringBuilder
    {
        DataSource = string.IsNullOrWhiteSpace(settings.Instance)
            ? $"{settings.Host?.Trim()},{settings.EffectivePort}"
            : $"{settings.Host?.Trim()}\\{settings.Instance.Trim()}",
        InitialCatalog = settings.DatabaseName,
        UserID = settings.UserName,
        Password = settings.Password,
        Encrypt = settings.UseSsl ? SqlConnectionEncryptOption.Mandatory : SqlConnectionEncryptOption.Optional,
        TrustServerCertificate = true,
        ConnectTimeout = ConnectTimeoutSeconds,
        ApplicationName = "Orchestrator Console",
    }.ToString();
}
