using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Core.Options;

namespace OrchestratorConsole.Core.Features.Authentication;

/// <summary>
/// Says why a directory server could not be used, in words an administrator acts on. The LDAP library reports a
/// name that does not resolve, a closed port and a refused certificate alike ("server down"); after such a failure
/// this looks again, step by step: the name, the port, then the TLS handshake and the certificate it shows. It only
/// explains: whether a certificate is trusted was decided by the connection that failed.
/// </summary>
public sealed class DirectoryDiagnosis(IOptions<AuthenticationOptions> options)
{
    /// <summary>StartTLS's extended request (RFC 4511 §4.14.1), message id 1.</summary>
    private static readonly byte[] StartTlsRequest =
        [0x30, 0x1d, 0x02, 0x01, 0x01, 0x77, 0x18, 0x80, 0x16, .. "1.3.6.1.4.1.1466.20037"u8];

    private static readonly TimeSpan MaxLook = TimeSpan.FromSeconds(2);

    public async Task<string> ExplainAsync(DirectoryServer server, Exception failure, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A look, not a wait: whoever asked has waited for the server once already.
        timeout.CancelAfter(TimeSpan.FromTicks(Math.Min(options.Value.DirectoryTimeout.Ticks, MaxLook.Ticks)));
        try
        {
            IPAddress[] addresses;
            try
            {
                addresses = IPAddress.TryParse(server.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(server.Host, timeout.Token);
            }
            catch (SocketException)
            {
                return $"{server.Url}: the host name '{server.Host}' is unknown (it does not resolve)";
            }

            using var client = new TcpClient(addresses[0].AddressFamily);
            try
            {
                await client.ConnectAsync(addresses, server.Port, timeout.Token);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return $"{server.Url}: the connection to port {server.Port} was refused (no directory listens there)";
            }
            catch (SocketException ex)
            {
                return $"{server.Url}: port {server.Port} cannot be reached ({ex.SocketErrorCode})";
            }

            var stream = client.GetStream();
            if (!server.Ldaps && !await StartTlsAsync(stream, timeout.Token))
            {
                return $"{server.Url}: the server does not offer StartTLS, and a password is never sent to a directory in clear: turn TLS on at the server or use ldaps://";
            }

            X509Certificate2? presented = null;
            var errors = SslPolicyErrors.None;
            await using var tls = new SslStream(stream, leaveInnerStreamOpen: false, (_, certificate, _, policyErrors) =>
            {
                presented = certificate is null ? null : new X509Certificate2(certificate);
                errors = policyErrors;
                return true;
            });
            try
            {
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = server.Host }, timeout.Token);
            }
            catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
            {
                return $"{server.Url}: the TLS handshake failed ({ex.Message})";
            }

            using (presented)
            {
                if (presented is null)
                {
                    return $"{server.Url}: the server presented no certificate";
                }

                var details = $"{presented.Subject}, issued by {presented.Issuer}, valid until {presented.NotAfter.ToUniversalTime():yyyy-MM-dd}, sha256 {CertificateDetails.Fingerprint(presented)}";
                if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
                {
                    return $"{server.Url}: the server's certificate ({details}) is not issued for '{server.Host}': use one of its names in the URL";
                }

                return $"{server.Url}: the server's certificate is not trusted ({details}): add it or its CA in SSL trust";
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{server.Url}: {failure.Message} (and no answer to a second look within {MaxLook.TotalSeconds:0} s)";
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            return $"{server.Url}: {failure.Message} ({ex.Message})";
        }
    }

    /// <summary>Asks for StartTLS and reads whether the server agreed (an extended response whose result code is success).</summary>
    private static async Task<bool> StartTlsAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(StartTlsRequest, cancellationToken);
        var buffer = new byte[512];
        var read = await stream.ReadAsync(buffer, cancellationToken);
        var response = buffer.AsSpan(0, read);
        var extended = response.IndexOf((byte)0x78);
        return extended >= 0 && response[extended..].IndexOf([(byte)0x0a, (byte)0x01, (byte)0x00]) > 0;
    }
}
