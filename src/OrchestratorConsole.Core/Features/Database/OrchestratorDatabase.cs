using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data.Orchestrator;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.Core.Features.Database;

/// <summary>Opens the Orchestrator database that a <see cref="DatabaseSettings"/> describes.</summary>
public sealed class OrchestratorDatabase(NodePaths paths)
{
    /// <summary>Seconds to wait for a connection before giving up.</summary>
    public const int ConnectTimeoutSeconds = 8;

    /// <param name="settings">Where the database is.</param>
    /// <param name="migrationApplying">Told the id of each migration as EF Core starts applying it (install progress).</param>
    public OrchestratorDbContext CreateContext(DatabaseSettings settings, Action<string>? migrationApplying = null) => settings.Type switch
    {
        DatabaseType.Embedded => new SqliteOrchestratorDbContext(Observe(new DbContextOptionsBuilder<SqliteOrchestratorDbContext>(), migrationApplying)
            .UseSqlite(EmbeddedConnectionString()).Options),
        DatabaseType.PostgreSQL => new PostgresOrchestratorDbContext(Observe(new DbContextOptionsBuilder<PostgresOrchestratorDbContext>(), migrationApplying)
            .UseNpgsql(PostgresConnectionString(settings), o => o.EnableRetryOnFailure(2, TimeSpan.FromSeconds(1), null)).Options),
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

    public static string PostgresConnectionString(DatabaseSettings settings, bool pooling = true) => new NpgsqlConnectionStringBuilder
    {
        Host = settings.Host?.Trim(),
        Port = settings.EffectivePort,
        Database = settings.DatabaseName,
        Username = settings.UserName,
        Password = settings.Password,
        SslMode = settings.UseSsl ? SslMode.Require : SslMode.Disable,
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
