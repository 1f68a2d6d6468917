using System.Net;
using System.Net.Sockets;

namespace OrchestratorConsole.Testing;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of one server (PostgreSQL) that plays network faults on the connections it
/// carries: a fault applies at once to the open connections and to the new ones, until the next switch.
/// </summary>
public sealed partial class TcpFaultProxy : IAsyncDisposable
{
    /// <summary>What the proxy does to the bytes it carries.</summary>
    public enum FaultMode
    {
        Pass,
        Cut,
        BlackHole,
        Delay,
    }

    private const int ChunkSize = 64 * 1024;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly HashSet<Connection> _connections = [];
    private Task _accepting = Task.CompletedTask;
    private FaultMode _mode = FaultMode.Pass;
    private TimeSpan _delay;

    private TcpFaultProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
    }

    /// <summary>The loopback port the proxy listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public FaultMode Mode
    {
        get
        {
            lock (_lock)
            {
                return _mode;
            }
        }
    }

    /// <summary>Listens on a free loopback port and forwards every connection to <paramref name="targetHost"/>:<paramref name="targetPort"/>.</summary>
    public static Task<TcpFaultProxy> StartAsync(string targetHost, int targetPort)
    {
        var proxy = new TcpFaultProxy(targetHost, targetPort);
        proxy._listener.Start();
        proxy._accepting = proxy.AcceptAsync();
        return Task.FromResult(proxy);
    }

    /// <summary>Normal forwarding. Leaving a black hole resets the connections whose bytes it swallowed.</summary>
    public void Pass() => Switch(FaultMode.Pass, TimeSpan.Zero);

    /// <summary>Resets every open connection (the peers get an RST) and every new one, until <see cref="Pass"/>.</summary>
    public void Cut() => Switch(FaultMode.Cut, TimeSpan.Zero);

    /// <summary>Connections stay open but no byte, FIN or RST crosses in either direction: a partition.</summary>
    public void BlackHole() => Switch(FaultMode.BlackHole, TimeSpan.Zero);

    /// <summary>
    /// Holds every chunk <paramref name="delay"/> before forwarding it, in order per direction. A pump reads the next
    /// chunk after forwarding the last, so a burst of chunks is spaced by the delay too; request and answer
    /// protocols such as PostgreSQL's mostly send one chunk per turn.
    /// </summary>
    public void Delay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Switch(FaultMode.Delay, delay);
    }

    public async ValueTask DisposeAsync()
    {
        List<Connection> open;
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _stopping.Cancel();
            open = [.. _connections];
        }

        _listener.Stop();
        foreach (var connection in open)
        {
            connection.Reset();
        }

        await _accepting;
        _stopping.Dispose();
    }

    private void Switch(FaultMode mode, TimeSpan delay)
    {
        List<Connection> broken;
        lock (_lock)
        {
            // A connection whose bytes a black hole swallowed has a broken stream: once the partition heals, TCP
            // would reset it after its retransmissions time out, so leaving the black hole resets it now.
            broken = mode == FaultMode.Cut ? [.. _connections]
                : _mode == FaultMode.BlackHole && mode != FaultMode.BlackHole ? _connections.Where(c => c.Swallowed).ToList()
                : [];
            _mode = mode;
            _delay = delay;
        }

        foreach (var connection in broken)
        {
            connection.Reset();
        }
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var connection = new Connection(client, new Socket(SocketType.Stream, ProtocolType.Tcp));
            bool refused;
            lock (_lock)
            {
                refused = _mode == FaultMode.Cut || _stopping.IsCancellationRequested;
                if (!refused)
                {
                    _connections.Add(connection);
                }
            }

            if (refused)
            {
                connection.Reset();
            }
            else
            {
                _ = CarryAsync(connection);
            }
        }
    }

    private async Task CarryAsync(Connection connection)
    {
        try
        {
            await connection.Server.ConnectAsync(_targetHost, _targetPort, connection.Token);
            await Task.WhenAll(PumpAsync(connection, connection.Client, connection.Server), PumpAsync(connection, connection.Server, connection.Client));
            if (connection.Swallowed)
            {
                // A swallowed end is not passed on either: the connection hangs until it is reset.
                await Task.Delay(Timeout.InfiniteTimeSpan, connection.Token);
            }

            connection.Close();
        }
        catch (Exception)
        {
            connection.Reset();
        }
        finally
        {
            lock (_lock)
            {
                _connections.Remove(connection);
            }
        }
    }

    /// <summary>Forwards <paramref name="from"/> to <paramref name="to"/> until an end; any error resets the connection.</summary>
    private async Task PumpAsync(Connection connection, Socket from, Socket to)
    {
        var buffer = new byte[ChunkSize];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, connection.Token);
                if (CurrentDelay() is { Ticks: > 0 } delay)
                {
                    await Task.Delay(delay, connection.Token);
                }

                if (Swallows(connection))
                {
                    if (read == 0)
                    {
                        return;
                    }

                    continue;
                }

                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, connection.Token);
            }
        }
        catch (Exception)
        {
            connection.Reset();
        }
    }

    private TimeSpan CurrentDelay()
    {
        lock (_lock)
        {
            return _mode == FaultMode.Delay ? _delay : TimeSpan.Zero;
        }
    }

    /// <summary>True when a black hole takes what was just read; marked under the lock so that <see cref="Pass"/> cannot miss it.</summary>
    private bool Swallows(Connection connection)
    {
        lock (_lock)
        {
            if (_mode != FaultMode.BlackHole)
            {
                return false;
            }

            connection.Swallowed = true;
            return true;
        }
    }
}
