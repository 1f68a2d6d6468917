using System.Data.Common;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Server;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// One node's part in the cluster: a heartbeat every interval, and in cluster mode the lease of an active slot —
/// renewed while held, taken when one is free or expired — and the Active's fenced housekeeping.
/// </summary>
public sealed partial class ClusterMember(
    IClusterStore store,
    ClusterSettings settings,
    Guid nodeId,
    Guid nonce,
    Func<ServerRole, CancellationToken, Task<NodeAnnouncement>> announce,
    LeaseClock lease,
    IClusterMemberListener listener,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>The role a running server has now: computed at every read from the lease clock.</summary>
    public ServerRole Role => !settings.ClusterMode || lease.IsHeld ? ServerRole.Active : ServerRole.Standby;

    private TimeSpan Interval => TimeSpan.FromMilliseconds(settings.HeartbeatIntervalMs);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await BeatAsync(cancellationToken);
        }
    }

    /// <summary>One heartbeat round.</summary>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        NodeAnnouncement announcement;
        try
        {
            // What the node announces is read from its settings store, which may be down while the cluster's database is not.
            announcement = await announce(Role, cancellationToken);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            StandBy(ex, "The node's settings store");
            return;
        }

        try
        {
            if (!await store.HeartbeatAsync(announcement, cancellationToken))
            {
                lease.Lose();
                listener.IdentityLost();
                return;
            }

            if (settings.ClusterMode)
            {
                await KeepLeaseAsync(cancellationToken);
            }

            listener.DatabaseReachable(null);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            StandBy(ex, "The Orchestrator database");
        }
    }

    /// <summary>A node that cannot use a database it needs goes to standby until the database returns.</summary>
    private void StandBy(Exception ex, string database)
    {
        lease.Lose();
        var cause = Cause(ex);
        LogDatabaseLost(logger, database, cause.GetType().Name, cause.Message);
        listener.DatabaseReachable($"{database} cannot be reached ({cause.Message}); standing by until it returns.");
    }

    private async Task KeepLeaseAsync(CancellationToken cancellationToken)
    {
        var timeToLive = settings.FailoverTimeout;
        var claim = new LeaseClaim(nodeId, nonce, settings.ActiveNodes, timeToLive);
        if (lease.Grant is { } held)
        {
            var sentAt = lease.BeforeSending();
            if (await store.RenewAsync(held, claim, cancellationToken))
            {
                lease.Confirm(held, sentAt, timeToLive, Interval);
            }
            else
            {
                lease.Lose();
                LogLeaseLost(logger, held.Slot, held.Epoch);
            }
        }

        if (lease.Grant is null)
        {
            var sentAt = lease.BeforeSending();
            if (await store.TryAcquireAsync(claim, cancellationToken) is { } acquired)
            {
                lease.Confirm(acquired.Grant, sentAt, timeToLive, Interval);
                LogLeaseTaken(logger, acquired.Grant.Slot, acquired.Grant.Epoch);
                if (acquired.PreviousHolder is { } previous && previous != nodeId)
                {
                    await listener.TookOverAsync(acquired.Grant, previous);
                }
            }
        }

        if (lease.IsHeld && lease.Grant is { } grant)
        {
            try
            {
                var failed = await store.HousekeepAsync(grant, claim, cancellationToken);
                if (failed.Count > 0)
                {
                    await listener.NodesFailedAsync(failed, grant);
                }
            }
            catch (FencedWriteException ex)
            {
                lease.Lose();
                LogFenced(logger, ex.Message);
            }
        }
    }

    /// <summary>
    /// A failure of the database itself, also when wrapped (e.g. in EF Core's retry-limit exception after the store's
    /// retries): a database error, a broken or refused connection, or a timeout.
    /// </summary>
    private static bool IsDatabaseFailure(Exception ex) =>
        ex.AndInner().Any(e => e is DbException or TimeoutException or System.Net.Sockets.SocketException or IOException);

    /// <summary>The database's own exception inside a wrapper, for a message that names the real cause.</summary>
    private static Exception Cause(Exception ex) => ex.AndInner().OfType<DbException>().FirstOrDefault() ?? ex;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat failed, standing by until the database returns: {Database} cannot be reached: {Error}: {Message}")]
    private static partial void LogDatabaseLost(ILogger logger, string database, string error, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Active slot {Slot} (epoch {Epoch}) was lost; this node is Standby")]
    private static partial void LogLeaseLost(ILogger logger, int slot, long epoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took active slot {Slot} in epoch {Epoch}; this node is Active")]
    private static partial void LogLeaseTaken(ILogger logger, int slot, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A fenced write was refused: {Message}")]
    private static partial void LogFenced(ILogger logger, string message);
}
