using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Audit;

/// <summary>Deletes this node's audit rows older than the <c>audit</c> section's retention: a minute after start, then every hour.</summary>
public sealed partial class AuditRetention(
    IDbContextFactory<SettingsDbContext> dbFactory,
    ConfigurationService configuration,
    AuditService audit,
    TimeProvider time,
    ILogger<AuditRetention> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>The first prune waits this long: not on the way to ready, where its first query's cost would fall.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMinutes(1);

    /// <summary>Deletes the rows older than the retention; a prune that deleted rows is itself an audit event, with the count.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        var days = (await configuration.GetAsync<AuditSettings>(cancellationToken)).Settings.RetentionDays;
        var cutoff = time.GetUtcNow().AddDays(-days);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pruned = await db.AuditEvents.Where(e => e.Time < cutoff).ExecuteDeleteAsync(cancellationToken);
        if (pruned > 0)
        {
            await audit.RecordAsync(Actor.System, "audit.prune", ConfigurationRegistry.Audit, $"{pruned} events older than {days} days ({cutoff:yyyy-MM-dd HH:mm:ss}Z) deleted", cancellationToken: cancellationToken);
        }

        return pruned;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var pause = FirstDelay; !stoppingToken.IsCancellationRequested; pause = Interval)
        {
            try
            {
                await Task.Delay(pause, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPruneFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning old audit events failed; trying again within the hour")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
