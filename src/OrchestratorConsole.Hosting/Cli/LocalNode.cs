using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.KeyRing;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.Server;

namespace OrchestratorConsole.Hosting.Cli;

/// <summary>The local node, opened from its data directory without the web server.</summary>
public static class LocalNode
{
    /// <summary>Runs <paramref name="work"/> with the node's services; fails clearly when the node's console is running.</summary>
    public static async Task<int> RunAsync(string? dataDirectory, Func<IServiceProvider, Actor, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var builder = CreateBuilder(dataDirectory);
        AddCore(builder);
        // The command line needs only the node's services; it must not start the server with the console.
        var lifetime = builder.Services.FirstOrDefault(d => d.ImplementationType == typeof(ServerLifetime));
        if (lifetime is not null)
        {
            builder.Services.Remove(lifetime);
        }

        using var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (DataDirectoryInUseException ex)
        {
            throw new CommandFailedException(ex.Message + " Stop the console, or run the command against it with --node.", 3);
        }

        var actor = new Actor($"cli:{Environment.UserName}", new HashSet<string> { Roles.Administrator });
        try
        {
            await work(host.Services, actor, cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }

        return 0;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the node's key ring alone: the host is built, not started, so neither the settings
    /// store nor Data Protection's key generation is touched. The data directory's lock keeps a running console off it.
    /// </summary>
    public static async Task<int> RunOnKeyRingAsync(string? dataDirectory, bool createDataDirectory, Func<IServiceProvider, Task<int>> work)
    {
        var builder = CreateBuilder(dataDirectory);
        AddCore(builder);
        using var host = builder.Build();
        var paths = host.Services.GetRequiredService<NodePaths>();
        if (!createDataDirectory && !Directory.Exists(paths.DataDirectory))
        {
            throw new CommandFailedException($"Node:DataDirectory '{paths.DataDirectory}' does not exist.");
        }

        host.Services.GetRequiredService<KeyRingFolder>().Prepare();
        FileStream dataDirectoryLock;
        try
        {
            dataDirectoryLock = DataDirectoryLock.Acquire(paths.DataDirectory);
        }
        catch (DataDirectoryInUseException ex)
        {
            throw new CommandFailedException(ex.Message + " Stop the console first: the key ring is backed up and restored on a stopped node.", 3);
        }

        await using (dataDirectoryLock)
        {
            return await work(host.Services);
        }
    }

    private static HostApplicationBuilder CreateBuilder(string? dataDirectory)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = ContentRoot.Default([]) });
        builder.Logging.ClearProviders();
        if (!string.IsNullOrEmpty(dataDirectory))
        {
            builder.Configuration["Node:DataDirectory"] = dataDirectory;
        }

        return builder;
    }

    private static void AddCore(HostApplicationBuilder builder)
    {
        try
        {
            builder.AddOrchestratorCore();
        }
        catch (KeyRingCertificateException ex)
        {
            throw new CommandFailedException(ex.Message);
        }
    }
}
