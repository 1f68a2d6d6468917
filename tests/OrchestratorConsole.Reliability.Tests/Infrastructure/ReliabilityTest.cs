using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Reliability.Tests.Infrastructure;

/// <summary>Base of a test with real node processes: disposed after the test; a failed test gets the nodes' output attached.</summary>
public abstract class ReliabilityTest : IAsyncLifetime
{
    private readonly List<StoreNode> _nodes = [];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A node whose settings store is on PostgreSQL (on <paramref name="server"/> when given, else a server of its own) or SQLite.</summary>
    protected async Task<StoreNode> StartNodeAsync(bool postgresStore = true, PrivatePostgres? server = null)
    {
        var node = await StoreNode.StartAsync(postgresStore, Ct, server);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Writes a line to the test's output (kept in the results).</summary>
    protected static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    /// <summary>Polls <paramref name="condition"/> until it holds; false after <paramref name="timeout"/>.</summary>
    protected static Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout) =>
        TestCluster.EventuallyAsync(condition, timeout, TimeSpan.FromMilliseconds(200), Ct);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            for (var i = 0; i < _nodes.Count; i++)
            {
                var output = _nodes[i].Node.Output;
                TestContext.Current.AddAttachment($"node-{i}-output", output.Length > 20_000 ? output[^20_000..] : output);
            }
        }

        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
