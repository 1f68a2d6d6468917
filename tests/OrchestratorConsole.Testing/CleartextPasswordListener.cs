using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrchestratorConsole.Testing;

/// <summary>
/// An attacker's "PostgreSQL server" on loopback: it answers every startup with AuthenticationCleartextPassword and
/// records each password a client sends it. Just enough of the wire protocol for that; nothing else is served.
/// </summary>
public sealed class CleartextPasswordListener : IAsyncDisposable
{
    private const int SslRequestCode = 80877103;
    private const int GssEncRequestCode = 80877104;
    private const int MaxMessageBytes = 64 * 1024;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _passwords = new();
    private readonly Task _accepting;
    private int _connections;

    public CleartextPasswordListener()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Host => "127.0.0.1";

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every password a client sent, in order.</summary>
    public IReadOnlyList<string> Passwords => [.. _passwords];

    /// <summary>How many clients connected at all (to show a test really reached the listener).</summary>
    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping is the only way out of the accept loop.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                while (true)
                {
                    // Untyped startup packets: Int32 length, Int32 code. SSL and GSS encryption are declined with 'N'.
                    var startup = await ReadAsync(stream, 8);
                    var length = BinaryPrimitives.ReadInt32BigEndian(startup);
                    var code = BinaryPrimitives.ReadInt32BigEndian(startup.AsSpan(4));
                    if (code is SslRequestCode or GssEncRequestCode)
                    {
                        await stream.WriteAsync(new[] { (byte)'N' }, _stop.Token);
                        continue;
                    }

                    await ReadAsync(stream, CheckedLength(length, 8) - 8);
                    break;
                }

                // AuthenticationCleartextPassword: Byte1('R'), Int32(8), Int32(3).
                await stream.WriteAsync(new byte[] { (byte)'R', 0, 0, 0, 8, 0, 0, 0, 3 }, _stop.Token);
                var header = await ReadAsync(stream, 5);
                var body = await ReadAsync(stream, CheckedLength(BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)), 4) - 4);
                if (header[0] == (byte)'p')
                {
                    _passwords.Enqueue(Encoding.UTF8.GetString(body).TrimEnd('\0'));
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or EndOfStreamException or InvalidDataException)
            {
                // A client that gives up, or a listener that stops, ends the conversation: nothing to record.
            }
        }
    }

    private static int CheckedLength(int length, int minimum) =>
        length >= minimum && length <= MaxMessageBytes ? length : throw new InvalidDataException($"A message of {length} bytes is not PostgreSQL.");

    private async Task<byte[]> ReadAsync(NetworkStream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, _stop.Token);
        return buffer;
    }
}
