using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Server;

/// <summary>
/// Starts the server with the console when the startup option says so, and stops it cleanly (releasing its lease)
/// when the console stops. A start on launch that fails — the database not up yet after a reboot, a container
/// started before its database — is tried again with a growing pause (2 s, doubling to a minute), as long as the
/// option stays on and no administrator has acted, for up to half an hour; a clone (a second live process with this
/// node's id) is not retried.
/// </summary>
public sealed partial class ServerLifetime(
    OrchestratorServer server,
    ConfigurationService configuration,
    Telemetry.ConsoleMetrics metrics,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ServerLifetime> logger) : IHostedService
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(30);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.ObserveServer(() => server.Status);
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(() => StartOnLaunchAsync(lifetime.ApplicationStopping), CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(Actor.System, CancellationToken.None);

    private async Task StartOnLaunchAsync(CancellationToken stopping)
    {
        var pause = FirstPause;
        var giveUpAt = time.GetUtcNow() + GiveUpAfter;
        for (var attempt = 1; !stopping.IsCancellationRequested && time.GetUtcNow() < giveUpAt; attempt++)
        {
            if (!(await configuration.GetAsync<StartupSettings>(stopping)).Settings.StartServerOnLaunch
                || server.Status.State is not (ServerState.Stopped or ServerState.Failed))
            {
                return; // the option is off, or an administrator has acted
            }

            string? reason;
            try
            {
                await server.StartAsync(Actor.System, stopping);
                var status = await server.WaitWhileStartingAsync(TimeSpan.FromMinutes(5));
                if (status.State != ServerState.Failed || status.DuplicateIdentity)
                {
                    return;
                }

                reason = status.Reason;
            }
            catch (ConflictException ex)
            {
                // Refused before starting (a section invalid, the database not reachable): also shown in the audit trail.
                reason = ex.Message;
            }

            LogRetrying(logger, attempt, pause.TotalSeconds, reason);
            await Task.Delay(pause, time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Start on launch, attempt {Attempt}, did not bring the server up; trying again in {Seconds} s: {Reason}")]
    private static partial void LogRetrying(ILogger logger, int attempt, double seconds, string? reason);
}
