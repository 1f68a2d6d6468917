using System.Data.Common;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Server;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>What a heartbeat round observed, for the server to act on.</summary>
public interface IClusterMemberListener
{
    /// <summary>The round succeeded (problem null) or the database could not be used (problem says why).</summary>
    void DatabaseReachable(string? problem);

    /// <summary>Another process now owns this node's row: this one must stop.</summary>
    void IdentityLost();

    /// <summary>This node took an active slot whose previous holder was another node.</summary>
    Task TookOverAsync(LeaseGrant grant, Guid previousHolder);

    /// <summary>The Active's housekeeping declared these nodes failed.</summary>
    Task NodesFailedAsync(IReadOnlyList<FailedNode> nodes, LeaseGrant grant);
}

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
        try
        {
            if (!await store.HeartbeatAsync(await announce(Role, cancellationToken), cancellationToken))
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
            // A node that loses the database goes to standby until it returns.
            lease.Lose();
            LogDatabaseLost(logger, ex.GetType().Name, ex.Message);
            listener.DatabaseReachable(ex.Message);
        }
    }

    private async Task KeepLeaseAsync(CancellationToken cancellationToken)
    {
        var timeToLive = settings.FailoverTimeout;
        if (lease.Grant is { } held)
        {
            var sentAt = lease.BeforeSending();
            if (await store.RenewAsync(held, nodeId, nonce, settings.ActiveNodes, timeToLive, cancellationToken))
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
            if (await store.TryAcquireAsync(nodeId, nonce, settings.ActiveNodes, timeToLive, cancellationToken) is { } acquired)
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
                var failed = await store.HousekeepAsync(grant, nodeId, nonce, timeToLive, cancellationToken);
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

    private static bool IsDatabaseFailure(Exception ex) =>
        ex is DbException or TimeoutException or System.Net.Sockets.SocketException or IOException
        || (ex is InvalidOperationException && ex.InnerException is DbException or System.Net.Sockets.SocketException or TimeoutException);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat failed, standing by until the Orchestrator database returns: {Error}: {Message}")]
    private static partial void LogDatabaseLost(ILogger logger, string error, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Active slot {Slot} (epoch {Epoch}) was lost; this node is Standby")]
    private static partial void LogLeaseLost(ILogger logger, int slot, long epoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took active slot {Slot} in epoch {Epoch}; this node is Active")]
    private static partial void LogLeaseTaken(ILogger logger, int slot, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A fenced write was refused: {Message}")]
    private static partial void LogFenced(ILogger logger, string message);
}
