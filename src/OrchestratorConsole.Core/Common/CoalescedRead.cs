namespace OrchestratorConsole.Core.Common;

/// <summary>
/// One read shared by every caller that asks while it is due, never one older than the caller's question: a caller
/// gets the read that starts after it asked. When nothing is under way a read starts at once; while one is under way,
/// the callers who arrive share the single read that starts when it ends. So a burst of callers costs two reads,
/// not one each, and no answer is older than its request. A failure goes to that read's callers only.
/// </summary>
public sealed class CoalescedRead<T>(Func<CancellationToken, Task<T>> read)
{
    private readonly Lock _lock = new();
    private TaskCompletionSource<T>? _running;
    private TaskCompletionSource<T>? _waiting;

    /// <summary>The result of a read that started after this call; <paramref name="cancellationToken"/> stops the wait, not the shared read.</summary>
    public Task<T> ReadAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<T> round;
        lock (_lock)
        {
            if (_running is not null)
            {
                _waiting ??= new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
                return _waiting.Task.WaitAsync(cancellationToken);
            }

            _running = round = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _ = RunAsync(round);
        return round.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync(TaskCompletionSource<T> round)
    {
        while (true)
        {
            try
            {
                round.SetResult(await read(CancellationToken.None));
            }
            catch (Exception ex)
            {
                round.SetException(ex);
            }

            lock (_lock)
            {
                if (_waiting is null)
                {
                    _running = null;
                    return;
                }

                _running = round = _waiting;
                _waiting = null;
            }
        }
    }
}
