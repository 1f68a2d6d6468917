using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OrchestratorConsole.Testing;

/// <summary>
/// A syslog receiver on loopback: TCP, or TLS (RFC 5425) with a certificate of the test's, reading octet-counted
/// frames (RFC 6587 §3.4.1) and parsing each as RFC 5424. Whatever breaks the framing or the grammar is kept in
/// <see cref="Malformed"/>.
/// </summary>
public sealed class SyslogReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Arrivals<SyslogFrame> _received = new();
    private readonly List<string> _malformed = [];
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;

    private SyslogReceiver(int port, X509Certificate2? certificate)
    {
        _certificate = certificate;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Starts a receiver on <paramref name="port"/> (0: any free port), over TLS when given a certificate with its key.</summary>
    public static SyslogReceiver Start(int port = 0, X509Certificate2? certificate = null) => new(port, certificate);

    public IReadOnlyList<SyslogFrame> Received => _received.Snapshot();

    public IReadOnlyList<string> Malformed
    {
        get
        {
            lock (_received.Gate)
            {
                return [.. _malformed];
            }
        }
    }

    /// <summary>Waits until what was received satisfies <paramref name="done"/>; fails with what did arrive after <paramref name="timeout"/>.</summary>
    public Task<IReadOnlyList<SyslogFrame>> WaitForAsync(Func<IReadOnlyList<SyslogFrame>, bool> done, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _received.WaitForAsync(done, timeout, () => $"The syslog receiver got {Received.Count} messages. Malformed: {string.Join(" | ", Malformed)}. Last: {Received.LastOrDefault()?.Raw}", cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_clients)
        {
            _clients.ForEach(c => c.Dispose());
        }

        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            lock (_clients)
            {
                _clients.Add(client);
            }

            _ = ReadAsync(client);
        }
    }

    private async Task ReadAsync(TcpClient client)
    {
        try
        {
            Stream stream = client.GetStream();
            if (_certificate is not null)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                stream = tls;
            }

            while (await ReadFrameAsync(stream) is { } text)
            {
                Keep(text);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            // the sender went away, refused the certificate, or the receiver stopped
        }
    }

    private void Keep(string text)
    {
        try
        {
            _received.Add([SyslogFrame.Parse(text)]);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            lock (_received.Gate)
            {
                _malformed.Add($"{e.Message} ({text})");
            }

            // A malformed message is an arrival too: waiters look again.
            _received.Add([]);
        }
    }

    /// <summary>MSG-LEN SP SYSLOG-MSG; null at a clean end of stream between frames.</summary>
    private async Task<string?> ReadFrameAsync(Stream stream)
    {
        var length = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return length.Length == 0 ? null : throw new IOException("The stream ended inside a frame's length.");
            }

            if (one[0] == (byte)' ')
            {
                break;
            }

            if (one[0] is < (byte)'0' or > (byte)'9' || (length.Length == 0 && one[0] == (byte)'0') || length.Length > 9)
            {
                lock (_received.Gate)
                {
                    _malformed.Add($"not an octet count: '{length}{(char)one[0]}'");
                }

                throw new IOException("Not an octet-counted frame.");
            }

            length.Append((char)one[0]);
        }

        var body = new byte[int.Parse(length.ToString(), CultureInfo.InvariantCulture)];
        await stream.ReadExactlyAsync(body, _stop.Token);
        return new UTF8Encoding(false, true).GetString(body);
    }
}
