namespace OrchestratorConsole.Testing;

/// <summary>
/// What a test receiver got so far, and a wait for it to satisfy a condition that wakes at each arrival rather than
/// polling. Other lists of the receiver may share <see cref="Gate"/> to change together with this one.
/// </summary>
public sealed class Arrivals<T>
{
    private readonly List<T> _items = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Arrivals(object? gate = null) => Gate = gate ?? new object();

    public object Gate { get; }

    public IReadOnlyList<T> Snapshot()
    {
        lock (Gate)
        {
            return [.. _items];
        }
    }

    /// <summary>Keeps <paramref name="items"/> and wakes every waiter (also for none: something did arrive).</summary>
    public void Add(IEnumerable<T> items)
    {
        lock (Gate)
        {
            _items.AddRange(items);
            _arrived.TrySetResult();
            _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Waits until what arrived satisfies <paramref name="done"/>; after <paramref name="timeout"/> fails with <paramref name="describe"/>'s account of what did arrive.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync(Func<IReadOnlyList<T>, bool> done, TimeSpan timeout, Func<string> describe, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task arrived;
            lock (Gate)
            {
                if (done(_items))
                {
                    return [.. _items];
                }

                arrived = _arrived.Task;
            }

            try
            {
                await arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Not what was awaited within {timeout}. {describe()}");
            }
        }
    }
}
