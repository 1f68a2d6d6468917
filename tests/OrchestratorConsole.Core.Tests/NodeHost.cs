using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Logs;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests;

/// <summary>Where a test node keeps its settings: the two providers of the settings store.</summary>
public enum NodeStore
{
    Sqlite,
    Postgres,
}

/// <summary>How to start a <see cref="NodeHost"/>.</summary>
public sealed record NodeHostOptions
{
    public NodeStore Store { get; init; } = NodeStore.Sqlite;

    /// <summary>An existing data directory (to restart a node on it); by default a fresh temporary one owned by the host.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>An existing PostgreSQL settings database (to restart a node on it); by default a fresh one.</summary>
    public string? PostgresDatabase { get; init; }

    /// <summary>A clock the test moves by hand; by default the system clock.</summary>
    public FakeTimeProvider? Time { get; init; }

    /// <summary>More start-up configuration keys, e.g. <c>Accounts:InitialAdminPassword</c>.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
}

/// <summary>
/// A node as the app builds it: <c>Host.CreateApplicationBuilder()</c> + <c>AddOrchestratorCore()</c> on a data
/// directory of its own, started (so <c>NodeInitializer</c> has run), with its services to resolve.
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    /// <summary>Bound for a start of the host; a start that hangs fails the test instead of the run.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly IHost _host;
    private readonly TempDirectory? _ownedDirectory;
    private bool _stopped;

    private NodeHost(IHost host, TempDirectory? ownedDirectory, string dataDirectory, string? postgresDatabase, FakeTimeProvider? time)
    {
        _host = host;
        _ownedDirectory = ownedDirectory;
        DataDirectory = dataDirectory;
        PostgresDatabase = postgresDatabase;
        Time = time;
    }

    public IServiceProvider Services => _host.Services;

    public string DataDirectory { get; }

    /// <summary>The PostgreSQL settings database, when the store is PostgreSQL.</summary>
    public string? PostgresDatabase { get; }

    /// <summary>The hand-moved clock, when one was given.</summary>
    public FakeTimeProvider? Time { get; }

    public FakeTimeProvider Clock => Time ?? throw new InvalidOperationException("This host runs on the system clock: pass NodeHostOptions.Time.");

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A fresh settings-store context, to read what the services really wrote.</summary>
    public SettingsDbContext CreateDbContext() => Get<IDbContextFactory<SettingsDbContext>>().CreateDbContext();

    public static Task<NodeHost> StartAsync(NodeStore store, CancellationToken cancellationToken = default) =>
        StartAsync(new NodeHostOptions { Store = store }, cancellationToken);

    public static async Task<NodeHost> StartAsync(NodeHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NodeHostOptions();
        var owned = options.DataDirectory is null ? new TempDirectory() : null;
        var dataDirectory = options.DataDirectory ?? owned!.Path;
        IHost? host = null;
        try
        {
            var configuration = new Dictionary<string, string?>
            {
                ["Node:DataDirectory"] = dataDirectory,
            };
            string? postgresDatabase = null;
            if (options.Store == NodeStore.Postgres)
            {
                postgresDatabase = options.PostgresDatabase ?? await TestPostgres.CreateDatabaseAsync("node");
                configuration["Node:SettingsStore:Provider"] = "Postgres";
                configuration["Node:SettingsStore:ConnectionString"] = TestPostgres.ConnectionStringFor(postgresDatabase);
            }

            foreach (var (key, value) in options.Settings)
            {
                configuration[key] = value;
            }

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
            // A singleton that captures a scoped service (a DbContext, a UserManager) fails the test. The full build-time
            // check is not used: sign-in needs the authentication services that the web host adds.
            builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateScopes = true }));
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.ClearProviders();
            builder.AddOrchestratorCore();
            if (options.Time is not null)
            {
                builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(options.Time));
            }

            host = builder.Build();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            await host.StartAsync(timeout.Token);
            return new NodeHost(host, owned, dataDirectory, postgresDatabase, options.Time);
        }
        catch
        {
            if (host is not null)
            {
                // A host whose start failed has nothing to stop (and Host.StopAsync throws when validation stopped it early).
                host.Services.GetService<NodeLog>()?.Dispose();
                host.Dispose();
            }

            owned?.Dispose();
            throw;
        }
    }

    /// <summary>Stops the node as a process exit would, keeping its data directory (to start another host on it).</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await DisposeHostAsync(_host);
        }
    }

    /// <summary>Stops the node and frees its data directory (deleted when the host created it).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _ownedDirectory?.Dispose();
    }

    private static async Task DisposeHostAsync(IHost host)
    {
        try
        {
            await host.StopAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            // The node log is handed to the container as an instance, so the container does not dispose it.
            host.Services.GetService<NodeLog>()?.Dispose();
            host.Dispose();
        }
    }
}

/// <summary>People acting on a test node.</summary>
public static class TestActors
{
    public static Actor Administrator(string name = "alice") => new(name, new HashSet<string> { Roles.Administrator }, "192.0.2.10");

    public static Actor Reviewer(string name = "rita") => new(name, new HashSet<string> { Roles.Reviewer }, "192.0.2.11");

    public static Actor Support(string name = "sam") => new(name, new HashSet<string> { Roles.Support }, "192.0.2.12");
}

/// <summary>Collects progress reports as they are made (unlike <see cref="Progress{T}"/>, which posts them later).</summary>
public sealed class RecordingProgress<T> : IProgress<T>
{
    private readonly List<T> _reports = [];

    public IReadOnlyList<T> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(T value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }
    }
}

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
