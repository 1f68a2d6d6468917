using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// The cluster key, read once per Orchestrator database: every signed call needs it, and a call that is refused must
/// not cost a database query. The key belongs to the store it was read from, so a new database (another one saved, a
/// join, the server started or stopped) reads it again. A failed read is not retried for a few seconds, so calls
/// arriving while the database is down do not each open a connection.
/// </summary>
public sealed class ClusterKeyCache(ClusterService cluster, TimeProvider time)
{
    private static readonly TimeSpan FailureHold = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (IClusterStore Store, byte[] Key)? _key;
    private (IClusterStore Store, DateTimeOffset At, string Error)? _failure;

    public async Task<byte[]> GetAsync(CancellationToken cancellationToken)
    {
        var store = await cluster.StoreAsync(cancellationToken);
        if (_key is { } known && ReferenceEquals(known.Store, store))
        {
            return known.Key;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_key is { } again && ReferenceEquals(again.Store, store))
            {
                return again.Key;
            }

            if (_failure is { } failed && ReferenceEquals(failed.Store, store) && time.GetUtcNow() - failed.At < FailureHold)
            {
                throw Unreadable(failed.Error);
            }

            try
            {
                var key = await store.EnsureClusterKeyAsync(cancellationToken);
                _key = (store, key);
                _failure = null;
                return key;
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                _failure = (store, time.GetUtcNow(), ex.Message);
                throw Unreadable(ex.Message);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static ConflictException Unreadable(string error) =>
        new($"This node cannot read the cluster key from its Orchestrator database: {error}", "Database unavailable");
}
