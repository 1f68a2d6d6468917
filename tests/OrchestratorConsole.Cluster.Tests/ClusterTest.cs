using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Cluster.Tests;

/// <summary>
/// Base of a test with real node processes: the clusters a test starts are disposed after it, and when it fails
/// the nodes' output is attached to its result. Every cluster's <c>/health/active</c> is sampled every 20 ms while
/// the test runs, and the test fails if any sample saw two Actives — whatever the test itself looks at.
/// </summary>
public abstract class ClusterTest : IAsyncLifetime
{
    /// <summary>A generous bound for anything the cluster does in a few heartbeats, so a slow machine cannot fail a correct cluster.</summary>
    protected static readonly TimeSpan Generous = TimeSpan.FromSeconds(15);

    private readonly List<TestCluster> _clusters = [];
    private readonly List<ActiveSampler> _samplers = [];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts a cluster on a fresh database of the test PostgreSQL server and disposes it after the test.</summary>
    protected async Task<TestCluster> StartClusterAsync(int nodes, bool startServers = true) =>
        Track(await TestCluster.StartAsync(nodes, TestPostgres.Admin, await TestPostgres.CreateDatabaseAsync("cluster"), startServers, cancellationToken: Ct));

    protected TestCluster Track(TestCluster cluster)
    {
        _clusters.Add(cluster);
        _samplers.Add(ActiveSampler.Start(cluster));
        return cluster;
    }

    /// <summary>The sampler of <paramref name="cluster"/>'s <c>/health/active</c>, running since the cluster was tracked.</summary>
    protected ActiveSampler SamplerOf(TestCluster cluster) => _samplers[_clusters.IndexOf(cluster)];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        var doubles = new List<string>();
        foreach (var sampler in _samplers)
        {
            await sampler.DisposeAsync();
            if (sampler.DescribeDoubleActives() is { } description)
            {
                doubles.Add(description);
            }
        }

        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            for (var i = 0; i < _clusters.Count; i++)
            {
                TestContext.Current.AddAttachment($"cluster-{i}-output", _clusters[i].Outputs());
            }
        }

        foreach (var cluster in _clusters)
        {
            await cluster.DisposeAsync();
        }

        GC.SuppressFinalize(this);
        Assert.True(doubles.Count == 0, string.Join("\n", doubles));
    }
}
