using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Data.Orchestrator;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;

namespace OrchestratorConsole.Core.Features.Trust;

/// <summary>
/// Decides, during the TLS handshake of a call to another node, whether its certificate is trusted: by the system
/// store (a valid chain for the name called), by the SSL trust list of the cluster's shared database (an exact
/// fingerprint, valid now), or by an administrator's approval for that one call. The list is read from the database at
/// most every few seconds, before a call, so that a handshake never waits on it.
/// </summary>
public sealed partial class PeerTrust(OrchestratorDatabase database, ConfigurationService configuration, DatabaseCertificateTrust databaseTrust, TimeProvider time, ILogger<PeerTrust> logger)
{
    /// <summary>How long a read of the list serves: an approval on another node counts here within this time.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private volatile IReadOnlyList<TrustedCertificateRecord> _entries = [];
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private readonly SemaphoreSlim _reading = new(1, 1);

    /// <summary>The list as last read.</summary>
    public IReadOnlyList<TrustedCertificateRecord> Entries => _entries;

    /// <summary>Reads the list again when the last read is older than <see cref="MaxAge"/>, or always with <paramref name="force"/>.</summary>
    public async Task RefreshAsync(bool force = false, CancellationToken cancellationToken = default)
    {
        if (!force && time.GetUtcNow() - _readAt < MaxAge)
        {
            return;
        }

        await _reading.WaitAsync(cancellationToken);
        try
        {
            if (!force && time.GetUtcNow() - _readAt < MaxAge)
            {
                return;
            }

            _entries = await ReadAsync(cancellationToken);
            _readAt = time.GetUtcNow();
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>The list in the Orchestrator database the node is configured for; what cannot be read is empty (nothing extra trusted).</summary>
    private async Task<IReadOnlyList<TrustedCertificateRecord>> ReadAsync(CancellationToken cancellationToken)
    {
        List<TrustedCertificateRecord> entries;
        try
        {
            var settings = (await configuration.GetAsync<DatabaseSettings>(cancellationToken)).Settings;
            await using var context = database.CreateContext(settings);
            entries = await context.TrustedCertificates.AsNoTracking().OrderBy(t => t.AddedAt).ToListAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No schema yet, an older schema, a database that does not answer: only the system store vouches.
            LogListUnreadable(logger, ex.GetType().Name, ex.Message);
            return [];
        }

        try
        {
            // The copy that a VerifyFull connection to this database is checked against (see DatabaseCertificateTrust).
            await databaseTrust.RememberAsync(entries, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The list read is still the list: a copy that cannot be kept leaves the previous one, never the peers' check empty.
            LogCopyNotKept(logger, ex.GetType().Name, ex.Message);
        }

        return entries;
    }

    /// <summary>The handshake's verdict (the client handler's certificate callback).</summary>
    public bool Validate(HttpRequestMessage request, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        request.Options.TryGetValue(PeerCertificateCheck.Key, out var check);
        var sha256 = CertificateDetails.Fingerprint(certificate);
        var validNow = CertificateDetails.Of(certificate).IsValidAt(time.GetUtcNow());
        var entries = _entries;
        if (check is not null)
        {
            check.Presented = new X509Certificate2(certificate);
        }

        if (errors == SslPolicyErrors.None || (validNow && entries.Any(e => e.Sha256 == sha256)))
        {
            return true;
        }

        if (validNow && check?.AcceptOnce == sha256)
        {
            check.AcceptedOnce = true;
            return true;
        }

        var origin = request.RequestUri is { } uri ? Origin(uri) : null;
        if (check is not null)
        {
            check.Refused = true;
            check.PinnedBefore = entries.LastOrDefault(e => e.Address == origin)?.Sha256;
        }

        LogRefused(logger, origin ?? "?", sha256, errors);
        return false;
    }

    /// <summary>The address a certificate is approved for: scheme, host and port.</summary>
    public static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The SSL trust list could not be read ({Error}: {Message}); only the system store vouches for other nodes")]
    private static partial void LogListUnreadable(ILogger logger, string error, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The node's copy of the SSL trust list could not be kept ({Error}: {Message}); VerifyFull connections to the Orchestrator database are checked against the previous copy")]
    private static partial void LogCopyNotKept(ILogger logger, string error, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The certificate of {Node} (SHA-256 {Sha256}) is not trusted ({Errors}); the call is refused")]
    private static partial void LogRefused(ILogger logger, string node, string sha256, SslPolicyErrors errors);
}
