using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Cluster.Tests;

/// <summary>The fault proxy the cluster tests put between a node and PostgreSQL, against the real test server.</summary>
public sealed class TcpFaultProxyTests : ClusterTest
{
    /// <summary>Well above what a reset or a loopback round trip takes, well below the command timeout of 30 s.</summary>
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(5);

    /// <summary>PostgreSQL answers it with one byte and waits for more: a probe of whether anything crosses.</summary>
    private static readonly byte[] SslRequest = [0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F];

    private TcpFaultProxy? _proxy;

    [Fact]
    public async Task A_query_through_the_proxy_reaches_the_server()
    {
        var proxy = await StartProxyAsync();

        await using var connection = await OpenAsync(proxy);

        Assert.Equal(TcpFaultProxy.FaultMode.Pass, proxy.Mode);
        Assert.NotEqual(TestPostgres.Admin.Port, proxy.Port);
        Assert.Equal(TestPostgres.Admin.Port, await ScalarAsync<int>(connection, "SELECT inet_server_port()"));
    }

    [Fact]
    public async Task Cut_resets_open_connections_at_once_and_new_ones_until_Pass()
    {
        var proxy = await StartProxyAsync();
        await using var open = await OpenAsync(proxy, commandTimeoutSeconds: 30);
        Assert.Equal(1, await ScalarAsync<int>(open, "SELECT 1"));

        proxy.Cut();

        Assert.Equal(TcpFaultProxy.FaultMode.Cut, proxy.Mode);
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(open, "SELECT 1"));
        Assert.True(watch.Elapsed < Quickly, $"the query on the cut connection failed after {watch.Elapsed.TotalSeconds:0.0} s, by a timeout rather than a reset");
        watch.Restart();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => OpenAsync(proxy, openTimeoutSeconds: 30));
        Assert.True(watch.Elapsed < Quickly, $"opening through the cut proxy failed after {watch.Elapsed.TotalSeconds:0.0} s, by a timeout rather than a reset");

        proxy.Pass();

        await AssertANewConnectionWorksAsync(proxy);
    }

    [Fact]
    public async Task BlackHole_makes_queries_and_opens_time_out_and_Pass_lets_new_connections_through()
    {
        var proxy = await StartProxyAsync();
        // Timeout matters too: on a command timeout Npgsql first sends a cancel request on a new connection, which
        // the black hole swallows as well, and waits for it about twice the open timeout (30 s at the default 15).
        await using var open = await OpenAsync(proxy, commandTimeoutSeconds: 2, openTimeoutSeconds: 2);
        Assert.Equal(1, await ScalarAsync<int>(open, "SELECT 1"));

        proxy.BlackHole();

        Assert.Equal(TcpFaultProxy.FaultMode.BlackHole, proxy.Mode);
        var watch = Stopwatch.StartNew();
        var query = await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(open, "SELECT 1"));
        AssertTimedOut(query, watch.Elapsed, "the query on the black-holed connection");
        watch.Restart();
        var opening = await Assert.ThrowsAnyAsync<NpgsqlException>(() => OpenAsync(proxy, openTimeoutSeconds: 2));
        AssertTimedOut(opening, watch.Elapsed, "opening through the black hole");

        proxy.Pass();

        await AssertANewConnectionWorksAsync(proxy);
    }

    [Fact]
    public async Task BlackHole_swallows_bytes_without_FIN_or_RST_and_Pass_resets_the_swallowing_connection()
    {
        var proxy = await StartProxyAsync();

        using (var passing = await ConnectRawAsync(proxy))
        {
            await passing.SendAsync(SslRequest, SocketFlags.None, Ct);
            Assert.True(passing.Poll(Quickly, SelectMode.SelectRead), "PostgreSQL did not answer the SSLRequest through the passing proxy");
            Assert.Equal(1, passing.Receive(new byte[16]));
        }

        proxy.BlackHole();
        using var swallowed = await ConnectRawAsync(proxy);
        await swallowed.SendAsync(SslRequest, SocketFlags.None, Ct);

        // Readable would mean an answer, a FIN or an RST crossed the black hole.
        Assert.False(swallowed.Poll(TimeSpan.FromSeconds(1), SelectMode.SelectRead), "something crossed the black hole");

        proxy.Pass();

        Assert.True(swallowed.Poll(Quickly, SelectMode.SelectRead), "Pass did not reset the connection whose request the black hole swallowed");
        var reset = Assert.Throws<SocketException>(() => swallowed.Receive(new byte[16]));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }

    [Fact]
    public async Task Delay_holds_each_direction_of_open_and_new_connections_and_Pass_ends_it()
    {
        var delay = TimeSpan.FromMilliseconds(300);
        var proxy = await StartProxyAsync();
        await using var open = await OpenAsync(proxy);

        proxy.Delay(delay);

        Assert.Equal(TcpFaultProxy.FaultMode.Delay, proxy.Mode);

        // The request and the answer each wait the delay; a little slack for a timer firing a tick early.
        var roundTrip = (2 * delay) - TimeSpan.FromMilliseconds(20);
        Assert.True(await RoundTripAsync(open) >= roundTrip, "the open connection's round trip was not delayed both ways");
        await using (var opened = await OpenAsync(proxy))
        {
            Assert.True(await RoundTripAsync(opened) >= roundTrip, "a new connection's round trip was not delayed both ways");
        }

        proxy.Pass();

        Assert.True(await RoundTripAsync(open) < delay, "the open connection's round trip was still delayed after Pass");
        await using var again = await OpenAsync(proxy);
        Assert.True(await RoundTripAsync(again) < delay, "a new connection's round trip was still delayed after Pass");
    }

    [Fact]
    public async Task A_proxied_cluster_node_reaches_its_database_only_through_its_own_proxy()
    {
        var cluster = Track(await TestCluster.StartAsync(1, TestPostgres.Admin, await TestPostgres.CreateDatabaseAsync("proxied"), proxied: true, cancellationToken: Ct));
        var node = cluster.Nodes[0];
        Assert.Equal(HttpStatusCode.OK, await node.ActiveHealthAsync(Ct));

        cluster.ProxyOf(node).Cut();

        var standby = await node.WaitForServerAsync(s => s.Role == "Standby" && s.Reason is not null, Generous, "Standby with a reason", Ct);
        Assert.Contains("database", standby.Reason, StringComparison.OrdinalIgnoreCase);

        cluster.ProxyOf(node).Pass();

        Assert.True(
            await TestCluster.EventuallyAsync(async () => await node.ActiveHealthAsync(Ct) == HttpStatusCode.OK, Generous, cancellationToken: Ct),
            $"the node did not become Active again within {Generous.TotalSeconds} s of Pass");

        await using var direct = await TestCluster.StartAsync(0, TestPostgres.Admin, cluster.Database, cancellationToken: Ct);
        Assert.Throws<InvalidOperationException>(() => direct.ProxyOf(node));
    }

    public override async ValueTask DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    private async Task<TcpFaultProxy> StartProxyAsync()
    {
        var admin = TestPostgres.Admin;
        return _proxy = await TcpFaultProxy.StartAsync(admin.Host!, admin.Port);
    }

    /// <summary>A new TCP connection through <paramref name="proxy"/> for every open (no pooling).</summary>
    private static async Task<NpgsqlConnection> OpenAsync(TcpFaultProxy proxy, int commandTimeoutSeconds = 30, int openTimeoutSeconds = 15)
    {
        var builder = new NpgsqlConnectionStringBuilder(TestPostgres.AdminConnectionString)
        {
            Host = "127.0.0.1",
            Port = proxy.Port,
            Pooling = false,
            Timeout = openTimeoutSeconds,
            CommandTimeout = commandTimeoutSeconds,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(Ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task AssertANewConnectionWorksAsync(TcpFaultProxy proxy)
    {
        await using var connection = await OpenAsync(proxy);
        Assert.Equal(1, await ScalarAsync<int>(connection, "SELECT 1"));
    }

    private static async Task<Socket> ConnectRawAsync(TcpFaultProxy proxy)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, proxy.Port, Ct);
        return socket;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static async Task<TimeSpan> RoundTripAsync(NpgsqlConnection connection)
    {
        var watch = Stopwatch.StartNew();
        Assert.Equal(1, await ScalarAsync<int>(connection, "SELECT 1"));
        return watch.Elapsed;
    }

    /// <summary>A failure by the 2 s timeout, not by a reset: it took about that long and a timeout is its cause.</summary>
    private static void AssertTimedOut(NpgsqlException failure, TimeSpan elapsed, string what)
    {
        Assert.True(elapsed >= TimeSpan.FromSeconds(1.5), $"{what} failed after {elapsed.TotalSeconds:0.0} s, before the 2 s timeout: {failure}");
        Assert.True(failure.InnerException is TimeoutException, $"{what} did not fail by a timeout: {failure}");
    }
}
