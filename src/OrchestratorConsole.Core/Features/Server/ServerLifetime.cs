using Microsoft.Extensions.Hosting;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Server;

/// <summary>Starts the server with the console when the startup option says so, and stops it cleanly (releasing its lease) when the console stops.</summary>
public sealed class ServerLifetime(OrchestratorServer server, ConfigurationService configuration, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(StartOnLaunchAsync, CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(Actor.System, CancellationToken.None);

    private async Task StartOnLaunchAsync()
    {
        if ((await configuration.GetAsync<StartupSettings>()).Settings.StartServerOnLaunch)
        {
            try
            {
                await server.StartAsync(Actor.System);
            }
            catch (ConflictException)
            {
                // The reason (an invalid section) shows in the audit trail and on the Startup options tab.
            }
        }
    }
}
