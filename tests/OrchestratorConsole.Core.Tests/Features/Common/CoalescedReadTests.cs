using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Tests.Features.Common;

public sealed class CoalescedReadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Reads that the test lets finish one by one; each returns its number (1, 2, ...).</summary>
    private sealed class Reads
    {
        private readonly List<TaskCompletionSource> _gates = [];
        private int _started;

        public int Started => Volatile.Read(ref _started);

        public async Task<int> ReadAsync(CancellationToken cancellationToken)
        {
            TaskCompletionSource gate;
            int number;
            lock (_gates)
            {
                number = ++_started;
                gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _gates.Add(gate);
            }

            await gate.Task;
            return number == 2 && FailSecond ? throw new InvalidOperationException("read 2 failed") : number;
        }

        public bool FailSecond { get; init; }

        public void Finish(int number)
        {
            lock (_gates)
            {
                _gates[number - 1].SetResult();
            }
        }

        public async Task WaitStartedAsync(int count)
        {
            while (Started < count)
            {
                await Task.Delay(5, TestContext.Current.CancellationToken);
            }
        }
    }

    [Fact]
    public async Task Callers_who_arrive_during_a_read_share_one_read_that_starts_after_it()
    {
        var reads = new Reads();
        var coalesced = new CoalescedRead<int>(reads.ReadAsync);

        var first = coalesced.ReadAsync(Ct);
        await reads.WaitStartedAsync(1);
        var during = Enumerable.Range(0, 20).Select(_ => coalesced.ReadAsync(Ct)).ToList();
        Assert.Equal(1, reads.Started);

        reads.Finish(1);
        Assert.Equal(1, await first);
        await reads.WaitStartedAsync(2);
        Assert.All(during, read => Assert.False(read.IsCompleted));
        reads.Finish(2);
        Assert.All(await Task.WhenAll(during), result => Assert.Equal(2, result));
        Assert.Equal(2, reads.Started);

        // Nothing under way: the next caller starts a read of its own at once.
        var later = coalesced.ReadAsync(Ct);
        await reads.WaitStartedAsync(3);
        reads.Finish(3);
        Assert.Equal(3, await later);
    }

    [Fact]
    public async Task A_failed_read_fails_its_own_callers_only_and_the_next_caller_reads_again()
    {
        var reads = new Reads { FailSecond = true };
        var coalesced = new CoalescedRead<int>(reads.ReadAsync);

        var first = coalesced.ReadAsync(Ct);
        await reads.WaitStartedAsync(1);
        var second = coalesced.ReadAsync(Ct);
        reads.Finish(1);
        await reads.WaitStartedAsync(2);
        reads.Finish(2);

        Assert.Equal(1, await first);
        Assert.Equal("read 2 failed", (await Assert.ThrowsAsync<InvalidOperationException>(() => second)).Message);
        var third = coalesced.ReadAsync(Ct);
        await reads.WaitStartedAsync(3);
        reads.Finish(3);
        Assert.Equal(3, await third);
    }

    [Fact]
    public async Task A_caller_that_stops_waiting_does_not_stop_the_read_the_others_wait_for()
    {
        var reads = new Reads();
        var coalesced = new CoalescedRead<int>(reads.ReadAsync);
        using var impatient = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var gone = coalesced.ReadAsync(impatient.Token);
        var staying = coalesced.ReadAsync(Ct);
        await reads.WaitStartedAsync(1);
        await impatient.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);
        reads.Finish(1);
        await reads.WaitStartedAsync(2);
        reads.Finish(2);
        Assert.Equal(2, await staying);
    }
}
