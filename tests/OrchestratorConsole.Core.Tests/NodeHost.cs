using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Logs;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests;

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

            options.Services?.Invoke(builder.Services);

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
