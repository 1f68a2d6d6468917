using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.Server;

namespace OrchestratorConsole.Hosting.Cli;

/// <summary>The local node, opened from its data directory without the web server.</summary>
public static class LocalNode
{
    /// <summary>Runs <paramref name="work"/> with the node's services; fails clearly when the node's console is running.</summary>
    public static async Task<int> RunAsync(string? dataDirectory, Func<IServiceProvider, Actor, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (!string.IsNullOrEmpty(dataDirectory))
        {
            builder.Configuration["Node:DataDirectory"] = dataDirectory;
        }

        builder.AddOrchestratorCore();
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
}
