using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrchestratorConsole.Core.Features.Certificates;

/// <summary>
/// Checks every hour whether the node's own certificate is due for renewal, and every minute while a renewed one
/// awaits approval, so that an approval given on any node is served soon (see <see cref="ServerCertificateService.RenewIfDueAsync"/>).
/// </summary>
public sealed partial class CertificateRenewal(ServerCertificateService certificate, TimeProvider time, ILogger<CertificateRenewal> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>How often the shared database is asked for a decision while a renewed certificate awaits approval.</summary>
    public static readonly TimeSpan ApprovalInterval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await certificate.RenewIfDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The settings store or the shared database did not answer: the next check tries again, well before the certificate ends.
                LogFailed(logger, ex);
            }

            await Task.Delay(certificate.AwaitingApproval is null ? Interval : ApprovalInterval, time, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The server certificate's renewal check failed; it is tried again at the next check")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
