using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data.Orchestrator;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// The seed's rule: content that all nodes share (plug-in content, the database schema) changes only while no other
/// node of the cluster runs. The check and the change run in one transaction of the Orchestrator database under a
/// transaction-scoped lock, so that no two nodes change content at once and none can slip between the check and the
/// change. A database this node cannot reach refuses the change: what cannot be checked is not allowed.
/// </summary>
public sealed class ContentChangeGuard(OrchestratorDatabase orchestratorDatabase, ConfigurationService configuration, NodeIdentityService identity, TimeProvider time)
{
    /// <summary>The advisory lock that content changes take on PostgreSQL, for the length of their transaction.</summary>
    public const long ContentLock = 828302;

    /// <summary>
    /// Runs <paramref name="change"/>'s <paramref name="work"/> in the guard's transaction: refused (409, naming them)
    /// while other nodes run, refused when the database cannot be reached, committed with the check otherwise.
    /// </summary>
    public Task<T> RunAsync<T>(string change, DatabaseSettings database, Func<OrchestratorDbContext, CancellationToken, Task<T>> work, CancellationToken cancellationToken = default) =>
        RunIfDueAsync(change, database, (_, _) => Task.FromResult(true), work, default!, cancellationToken);

    /// <summary>
    /// As <see cref="RunAsync{T}"/>, but first asks <paramref name="due"/> under the lock whether there is still
    /// anything to change (another node may have done it meanwhile); when not, nothing is checked or written and
    /// <paramref name="nothingDue"/> is returned.
    /// </summary>
    public async Task<T> RunIfDueAsync<T>(string change, DatabaseSettings database, Func<OrchestratorDbContext, CancellationToken, Task<bool>> due, Func<OrchestratorDbContext, CancellationToken, Task<T>> work, T nothingDue, CancellationToken cancellationToken = default)
    {
        var failoverTimeout = (await configuration.GetAsync<ClusterSettings>(cancellationToken)).Settings.FailoverTimeout;
        try
        {
            await using var context = orchestratorDatabase.CreateContext(database);
            return await context.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                context.ChangeTracker.Clear();
                await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
                var postgres = context is PostgresOrchestratorDbContext;
                if (postgres)
                {
                    await context.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ContentLock})", cancellationToken);
                }

                if (!await due(context, cancellationToken))
                {
                    return nothingDue;
                }

                var others = await OtherRunningNodesAsync(context, postgres, failoverTimeout, cancellationToken);
                if (others.Count > 0)
                {
                    var names = others.Select(n => $"{n.Name} ({n.PublicUrl})").ToList();
                    throw new OtherNodesRunningException(
                        $"{change} is refused while other nodes of the cluster are running: {string.Join(", ", names)}. Stop them first, then try again.",
                        names);
                }

                var result = await work(context, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return result;
            });
        }
        catch (Exception ex) when (ex is not ConsoleException && ex.AndInner().FirstOrDefault(e => e is System.Data.Common.DbException or TimeoutException) is { } cause)
        {
            throw new ConflictException(
                $"{change} is refused: the Orchestrator database does not answer, so this node cannot make sure that no other node of the cluster runs ({cause.Message}). Nothing was changed.",
                "Database unavailable");
        }
    }

    /// <summary>The check alone, for a change that is this node's until its next start (an upload, a reset).</summary>
    public Task EnsureNoOtherNodesRunningAsync(string change, DatabaseSettings database, CancellationToken cancellationToken = default) =>
        RunAsync(change, database, (_, _) => Task.FromResult(true), cancellationToken);

    private async Task<List<ClusterNodeRecord>> OtherRunningNodesAsync(OrchestratorDbContext context, bool postgres, TimeSpan failoverTimeout, CancellationToken cancellationToken)
    {
        // Asked, not tried: a failed statement would abort the transaction that the change runs in.
        var hasNodes = postgres
            ? await context.Database.SqlQuery<bool>($"SELECT to_regclass('cluster_nodes') IS NOT NULL AS \"Value\"").SingleAsync(cancellationToken)
            : await context.Database.SqlQuery<int>($"SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = 'cluster_nodes'").SingleAsync(cancellationToken) > 0;
        if (!hasNodes)
        {
            return []; // no schema yet: no node can run on this database
        }

        // Heartbeats are stamped by the database's clock: liveness is judged by the same clock.
        var now = postgres
            ? await context.Database.SqlQuery<DateTimeOffset>($"SELECT now() AS \"Value\"").SingleAsync(cancellationToken)
            : time.GetUtcNow();
        var running = await context.ClusterNodes.AsNoTracking().Where(n => n.State == NodeStates.Running && n.NodeId != identity.NodeId).ToListAsync(cancellationToken);
        return running.Where(n => now - n.LastHeartbeat <= failoverTimeout).ToList();
    }
}
