using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrchestratorConsole.Core.Features.Certificates;

/// <summary>Checks every hour whether the node's own certificate is due for renewal (see <see cref="ServerCertificateService.RenewIfDueAsync"/>).</summary>
public sealed partial class CertificateRenewal(ServerCertificateService certificate, TimeProvider time, ILogger<CertificateRenewal> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await certificate.RenewIfDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The settings store did not answer: the next hour tries again, well before the certificate ends.
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The server certificate's renewal check failed; it is tried again in an hour")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
