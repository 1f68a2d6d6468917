using System.Diagnostics;
using System.Net;
using System.Text;
using Npgsql;

namespace OrchestratorConsole.Testing;

/// <summary>
/// Real console node processes on loopback, configured through their API for one PostgreSQL database in cluster
/// mode. Disposing kills every node (by its own process id) and deletes their data directories.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    /// <summary>How long a node's server may take to reach Running on a slow, busy machine.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly List<NodeApi> _nodes = [];
    private readonly Dictionary<NodeApi, TcpFaultProxy> _proxies = [];
    private readonly bool _proxied;
    private readonly IReadOnlyDictionary<string, string>? _settings;

    private TestCluster(NpgsqlConnectionStringBuilder server, string database, int heartbeatIntervalMs, int failoverHeartbeats, bool proxied, IReadOnlyDictionary<string, string>? settings)
    {
        _settings = settings;
        Server = server;
        Database = database;
        HeartbeatIntervalMs = heartbeatIntervalMs;
        FailoverHeartbeats = failoverHeartbeats;
        _proxied = proxied;
    }

    public IReadOnlyList<NodeApi> Nodes => _nodes;

    public NpgsqlConnectionStringBuilder Server { get; }

    public string Database { get; }

    public int HeartbeatIntervalMs { get; }

    public int FailoverHeartbeats { get; }

    /// <summary>
    /// Starts <paramref name="count"/> node processes and configures them for <paramref name="database"/> (the first
    /// installs the schema). With <paramref name="startServers"/> the first node's server is started first, so it is
    /// the Active, then the others one by one. With <paramref name="proxied"/> each node reaches PostgreSQL through a
    /// <see cref="TcpFaultProxy"/> of its own (<see cref="ProxyOf"/>), so a test can cut, black-hole or delay one node's
    /// database connections. <paramref name="settings"/> are start-up settings of every node, beside <see cref="NodeApi.AdminSettings"/>.
    /// </summary>
    public static async Task<TestCluster> StartAsync(
        int count,
        NpgsqlConnectionStringBuilder server,
        string database,
        bool startServers = true,
        int heartbeatIntervalMs = 500,
        int failoverHeartbeats = 4,
        bool proxied = false,
        IReadOnlyDictionary<string, string>? settings = null,
        CancellationToken cancellationToken = default)
    {
        var cluster = new TestCluster(server, database, heartbeatIntervalMs, failoverHeartbeats, proxied, settings);
        try
        {
            for (var i = 0; i < count; i++)
            {
                await cluster.AddNodeAsync(install: i == 0, cancellationToken: cancellationToken);
            }

            if (startServers)
            {
                foreach (var node in cluster.Nodes)
                {
                    await node.StartServerAsync(cancellationToken);
                    await node.WaitUntilRunningAsync(StartTimeout, cancellationToken);
                }
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more node process (on <paramref name="dataDirectory"/> when given) and configures it for the cluster's database.</summary>
    public async Task<NodeApi> AddNodeAsync(bool install = false, string? dataDirectory = null, bool configure = true, CancellationToken cancellationToken = default)
    {
        var node = await NodeApi.StartNodeAsync(dataDirectory, cancellationToken, _settings);
        _nodes.Add(node);
        var server = Server;
        if (_proxied)
        {
            var proxy = await TcpFaultProxy.StartAsync(Server.Host!, Server.Port);
            _proxies.Add(node, proxy);
            server = new NpgsqlConnectionStringBuilder(Server.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port };
        }

        if (configure)
        {
            await node.JoinClusterAsync(server, Database, install, HeartbeatIntervalMs, FailoverHeartbeats, cancellationToken);
        }

        return node;
    }

    /// <summary>The proxy between <paramref name="node"/> and PostgreSQL in a cluster started with <c>proxied</c>.</summary>
    public TcpFaultProxy ProxyOf(NodeApi node) =>
        _proxied
            ? _proxies[node]
            : throw new InvalidOperationException("This cluster's nodes reach PostgreSQL directly: start it with proxied: true to get a proxy per node.");

    /// <summary>The nodes whose <c>/health/active</c> answers 200 now (those that do not answer are not counted).</summary>
    public async Task<IReadOnlyList<NodeApi>> ActiveNodesAsync(IEnumerable<NodeApi>? among = null, CancellationToken cancellationToken = default)
    {
        var candidates = (among ?? _nodes.Where(n => n.Node.ProcessId is not null)).ToList();
        var answers = await Task.WhenAll(candidates.Select(n => n.ActiveHealthAsync(cancellationToken)));
        return candidates.Where((_, i) => answers[i] == HttpStatusCode.OK).ToList();
    }

    /// <summary>Everything the nodes wrote, for a failure message.</summary>
    public string Outputs()
    {
        var text = new StringBuilder();
        foreach (var node in _nodes)
        {
            var output = node.Node.Output;
            text.AppendLine($"===== node {node.Node.BaseAddress} =====").AppendLine(output.Length > 6_000 ? output[^6_000..] : output);
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
            await node.Node.DisposeAsync();
        }

        // After the nodes, so that no node sees its database vanish while it still runs.
        foreach (var proxy in _proxies.Values)
        {
            await proxy.DisposeAsync();
        }
    }

    /// <summary>Polls <paramref name="condition"/> every <paramref name="every"/> until it holds; false after <paramref name="timeout"/>.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? every = null, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (watch.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }
}
