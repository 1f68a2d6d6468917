using System.Diagnostics;
using System.Net;

namespace OrchestratorConsole.Testing;

/// <summary>
/// Samples <c>/health/active</c> on every node of a cluster at a fixed pace for as long as it runs: each sample
/// asks all nodes at once and counts the 200s. The invariant is checked on every sample — never two Actives — and
/// never waited out; the samples also tell how long the cluster went without an Active.
/// </summary>
public sealed class ActiveSampler : IAsyncDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(500);

    private readonly Func<IReadOnlyList<NodeApi>> _nodes;
    private readonly TimeSpan _every;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Sample> _samples = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;

    private ActiveSampler(Func<IReadOnlyList<NodeApi>> nodes, TimeSpan every)
    {
        _nodes = nodes;
        _every = every;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>One look at every node: when it was taken (since the sampler started) and which nodes answered 200.</summary>
    public sealed record Sample(TimeSpan At, IReadOnlyList<NodeApi> Active);

    /// <summary>Starts sampling the nodes <paramref name="nodes"/> returns at each sample (so nodes added later are sampled too).</summary>
    public static ActiveSampler Start(Func<IReadOnlyList<NodeApi>> nodes, TimeSpan? every = null) =>
        new(nodes, every ?? TimeSpan.FromMilliseconds(20));

    public static ActiveSampler Start(TestCluster cluster, TimeSpan? every = null) => Start(() => cluster.Nodes, every);

    /// <summary>Time since the sampler started, on the samples' own clock.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<Sample> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    /// <summary>The samples in which more than one node answered 200.</summary>
    public IReadOnlyList<Sample> DoubleActives => Samples.Where(s => s.Active.Count > 1).ToList();

    /// <summary>Null when no sample saw two Actives; else which samples did, for the test's failure message.</summary>
    public string? DescribeDoubleActives()
    {
        var doubles = DoubleActives;
        return doubles.Count == 0
            ? null
            : $"{doubles.Count} of {Samples.Count} samples saw more than one Active, first at {doubles[0].At.TotalSeconds:0.000} s: " +
              string.Join("; ", doubles.Take(5).Select(d => $"{d.At.TotalSeconds:0.000} s: {string.Join(", ", d.Active.Select(n => n.Node.BaseAddress))}"));
    }

    /// <summary>The first moment at or after <paramref name="from"/> from which exactly one node answered 200, or null.</summary>
    public TimeSpan? FirstSingleActiveAfter(TimeSpan from) => Samples.FirstOrDefault(s => s.At >= from && s.Active.Count == 1)?.At;

    /// <summary>The longest run of samples without any Active between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public TimeSpan LongestWithoutActive(TimeSpan from, TimeSpan to)
    {
        TimeSpan longest = TimeSpan.Zero;
        TimeSpan? since = null;
        foreach (var sample in Samples.Where(s => s.At >= from && s.At <= to))
        {
            if (sample.Active.Count == 0)
            {
                since ??= sample.At;
                longest = sample.At - since.Value > longest ? sample.At - since.Value : longest;
            }
            else
            {
                since = null;
            }
        }

        return longest;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    /// <summary>A node that does not answer within the probe's bound (paused, or busy) counts as not Active for that sample.</summary>
    private async Task<HttpStatusCode?> ProbeAsync(NodeApi node)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        bound.CancelAfter(ProbeTimeout);
        try
        {
            return await node.ActiveHealthAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var at = _clock.Elapsed;
            var nodes = _nodes().Where(n => n.Node.ProcessId is not null).ToList();
            var answers = await Task.WhenAll(nodes.Select(ProbeAsync));
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            lock (_samples)
            {
                _samples.Add(new Sample(at, nodes.Where((_, i) => answers[i] == HttpStatusCode.OK).ToList()));
            }

            var wait = _every - (_clock.Elapsed - at);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
