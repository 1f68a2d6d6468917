namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// The live cluster view shared by every open page of this node: however many circuits show the cluster, its database
/// is read once per refresh. A caller gets the last snapshot while it is younger than <see cref="MaxAge"/>, otherwise
/// the read that is under way (started by whoever asked first). A page that changed the cluster calls
/// <see cref="Invalidate"/> so that no caller gets a snapshot from before the change.
/// </summary>
public sealed class ClusterLiveFeed(ClusterService cluster, TimeProvider time)
{
    /// <summary>Just under the pages' one-second refresh, so each tick of theirs sees a new read.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(900);

    public const int EventsKept = 100;

    private readonly Lock _lock = new();
    private Task<(ClusterLiveSnapshot Snapshot, long ReadAt)>? _current;
    private bool _invalidated;
    private IReadOnlyList<ClusterEventView> _events = [];
    private long _latestEventId;

    public async Task<ClusterLiveSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        Task<(ClusterLiveSnapshot Snapshot, long ReadAt)> read;
        lock (_lock)
        {
            if (_current is not { } current || _invalidated || IsStale(current))
            {
                // Not tied to the caller's token: other pages wait for the same read.
                _current = ReadAfterAsync(_current);
                _invalidated = false;
            }

            read = _current;
        }

        return (await read.WaitAsync(cancellationToken)).Snapshot;
    }

    /// <summary>The next caller reads the database anew.</summary>
    public void Invalidate()
    {
        lock (_lock)
        {
            _invalidated = true;
        }
    }

    private bool IsStale(Task<(ClusterLiveSnapshot Snapshot, long ReadAt)> read) =>
        read.IsCompleted && (!read.IsCompletedSuccessfully || time.GetElapsedTime(read.Result.ReadAt) >= MaxAge);

    /// <summary>One read at a time: a read asked for while another is under way starts when that one ends, so the event cursor is never raced.</summary>
    private async Task<(ClusterLiveSnapshot, long)> ReadAfterAsync(Task? previous)
    {
        if (previous is not null)
        {
            // Its failure was its callers'; this read starts afresh.
            await previous.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        var readAt = time.GetTimestamp();
        var view = await cluster.GetAsync(CancellationToken.None);
        var fresh = await cluster.EventsAfterAsync(_latestEventId, CancellationToken.None);
        if (fresh.Count > 0)
        {
            _events = [.. _events.Concat(fresh).TakeLast(EventsKept)];
            _latestEventId = fresh[^1].Id;
        }

        return (new ClusterLiveSnapshot(view, _events, _latestEventId), readAt);
    }
}
