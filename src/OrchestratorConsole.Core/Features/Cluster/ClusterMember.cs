using System.Data.Common;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Server;
using OrchestratorConsole.Core.Features.Telemetry;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// One node's part in the cluster: a heartbeat every interval, and on PostgreSQL the lease of an active slot —
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
    ILogger logger,
    ConsoleMetrics? metrics = null)
{
    /// <summary>
    /// The role a running server has now, computed at every read from the lease clock. On a database that
    /// coordinates leases every node takes its role through one, cluster mode or not (cluster mode off claims the
    /// one active slot); on the embedded database the node is alone and Active.
    /// </summary>
    public ServerRole Role => !store.CoordinatesLeases || lease.IsHeld ? ServerRole.Active : ServerRole.Standby;

    private TimeSpan Interval => TimeSpan.FromMilliseconds(settings.HeartbeatIntervalMs);

    /// <summary>
    /// Rounds on a fixed period, not a fixed pause after each round, so a slow round does not push the next renewal
    /// later. Runs until cancelled and never throws: a round that fails is reported and the next one tries again.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                using var round = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                round.CancelAfter(RoundTimeout);
                var started = time.GetTimestamp();
                try
                {
                    await BeatAsync(round.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    metrics?.HeartbeatMissed();
                    // A database that does not answer at all (a partition drops packets, no reset comes back), or a
                    // settings store still retrying.
                    LogRoundTimedOut(logger, RoundTimeout.TotalSeconds);
                    listener.DatabaseReachable($"The databases did not answer a heartbeat round within {RoundTimeout.TotalSeconds:0.#} s; standing by once the lease lapses, until they do.");
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    metrics?.HeartbeatMissed();
                    LogRoundFailed(logger, ex);
                    listener.DatabaseReachable($"A heartbeat round failed ({ex.Message}); standing by once the lease lapses, until a round succeeds.");
                }

                metrics?.HeartbeatRound(time.GetElapsedTime(started));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the server releases the lease and marks the node stopped.
        }
    }

    /// <summary>How long one round may take before it is abandoned: two intervals, at least 2 s and at most 10 s.</summary>
    private TimeSpan RoundTimeout => TimeSpan.FromMilliseconds(Math.Clamp(2 * settings.HeartbeatIntervalMs, 2000, 10000));

    /// <summary>
    /// One heartbeat round. A database error keeps the grant: the lease clock lets it lapse on its own if the error
    /// lasts, and the next round renews it if nobody took the slot meanwhile.
    /// </summary>
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
            ReportFailure(ex, "The node's settings store");
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

            metrics?.HeartbeatSent();

            if (store.CoordinatesLeases)
            {
                await KeepLeaseAsync(cancellationToken);
            }

            listener.DatabaseReachable(null);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            ReportFailure(ex, "The Orchestrator database");
        }
    }

    /// <summary>
    /// How much earlier than the database a node gives up its lease: an allowance for the node's clock running
    /// slower than the database's (a tenth of the lease) — not a heartbeat interval, which would leave a node
    /// at the lowest failover heartbeats only one interval to renew in.
    /// </summary>
    public static TimeSpan ClockAllowance(TimeSpan timeToLive) => timeToLive / 10;

    /// <summary>A round that could not use a database it needs: the node says so, and stands by once its lease lapses.</summary>
    private void ReportFailure(Exception ex, string database)
    {
        var cause = Cause(ex);
        metrics?.HeartbeatMissed();
        LogDatabaseLost(logger, database, cause.GetType().Name, cause.Message);
        listener.DatabaseReachable($"{database} cannot be reached ({cause.Message}); standing by until it returns.");
    }

    private async Task KeepLeaseAsync(CancellationToken cancellationToken)
    {
        var timeToLive = settings.FailoverTimeout;
        // Cluster mode off claims the one active slot: a standalone node beside a cluster is never a second Active.
        var claim = new LeaseClaim(nodeId, nonce, settings.ClusterMode ? settings.ActiveNodes : 1, timeToLive);
        if (lease.Grant is { } held)
        {
            var sentAt = lease.BeforeSending();
            if (await store.RenewAsync(held, claim, cancellationToken))
            {
                lease.Confirm(held, sentAt, timeToLive, ClockAllowance(timeToLive));
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
                lease.Confirm(acquired.Grant, sentAt, timeToLive, ClockAllowance(timeToLive));
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat round failed; the node stands by once its lease lapses, until the database returns: {Database} cannot be reached: {Error}: {Message}")]
    private static partial void LogDatabaseLost(ILogger logger, string database, string error, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat round failed; the node stands by once its lease lapses, until the database returns: no answer within {Seconds} s")]
    private static partial void LogRoundTimedOut(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "A heartbeat round failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Active slot {Slot} (epoch {Epoch}) was lost; this node is Standby")]
    private static partial void LogLeaseLost(ILogger logger, int slot, long epoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took active slot {Slot} in epoch {Epoch}; this node is Active")]
    private static partial void LogLeaseTaken(ILogger logger, int slot, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A fenced write was refused: {Message}")]
    private static partial void LogFenced(ILogger logger, string message);
}
