using System.Net.Security;
using System.Net.Sockets;

namespace OrchestratorConsole.Core.Features.Audit;

/// <summary>One TCP connection to a syslog receiver, TLS (RFC 5425) or plain.</summary>
internal sealed class SyslogConnection : IDisposable
{
    private readonly TcpClient _client;
    private readonly Stream _stream;

    private SyslogConnection(string target, TcpClient client, Stream stream)
    {
        Target = target;
        _client = client;
        _stream = stream;
    }

    public string Target { get; }

    /// <summary>
    /// A receiver never writes back, so anything readable (an end of stream, a TLS close) means it has gone: a send
    /// on such a connection would be accepted by this machine and lost. Checked before each send.
    /// </summary>
    public bool IsUsable => _client.Connected && !_client.Client.Poll(0, SelectMode.SelectRead);

    public static async Task<SyslogConnection> OpenAsync(AuditSettings settings, RemoteCertificateValidationCallback validate, CancellationToken cancellationToken)
    {
        var host = settings.SyslogHost!.Trim();
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(host, settings.Port, cancellationToken);
            Stream stream = client.GetStream();
            if (settings.SyslogTls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false, validate);
                stream = tls;
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, cancellationToken);
            }

            return new SyslogConnection(settings.Target!, client, stream);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public async Task SendAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(frame, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    public void Dispose()
    {
        _stream.Dispose();
        _client.Dispose();
    }
}
