using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Data.Orchestrator;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Trust;

/// <summary>
/// Decides, during the TLS handshake of a <see cref="DatabaseSslMode.VerifyFull"/> connection to the Orchestrator
/// database, whether the server's certificate is trusted: the system store vouches for it for the host called, or the
/// SSL trust list holds it or the authority it chains to (valid now) and the host called is one of its names. The list
/// lives in that very database, so the check reads the node's own copy of it, kept in the settings store and renewed at
/// every read of the list: the handshake, and so the password, never waits on the database it is checking.
/// </summary>
public sealed partial class DatabaseCertificateTrust(IDbContextFactory<SettingsDbContext> settingsStore, TimeProvider time, ILogger<DatabaseCertificateTrust> logger)
{
    /// <summary>The node property that keeps the copy of the SSL trust list.</summary>
    public const string CopyProperty = "trust.list-copy";

    private readonly Lock _loading = new();
    private volatile IReadOnlyList<TrustedCertificateRecord>? _copy;

    /// <summary>The copy as stored, so that a read of an unchanged list compares text instead of writing it again.</summary>
    private volatile string? _copyJson;

    /// <summary>The list as the node last read it from the Orchestrator database.</summary>
    public IReadOnlyList<TrustedCertificateRecord> Copy => _copy ?? Load();

    /// <summary>Keeps <paramref name="entries"/>, just read from the Orchestrator database, as the node's copy.</summary>
    public async Task RememberAsync(IReadOnlyList<TrustedCertificateRecord> entries, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(entries);
        _ = Copy; // the stored copy, and its text, read once
        if (json == _copyJson)
        {
            return;
        }

        await using var db = await settingsStore.CreateDbContextAsync(cancellationToken);
        await db.SetPropertyAsync(CopyProperty, json, cancellationToken);

        await db.SaveChangesAsync(cancellationToken);
        _copyJson = json;
        _copy = entries;
    }

    /// <summary>The handshake's verdict for a connection to <paramref name="host"/> in <paramref name="mode"/>; what was seen goes into <paramref name="check"/>.</summary>
    public bool Validate(DatabaseSslMode mode, string host, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, DatabaseCertificateCheck? check)
    {
        using var presented = certificate is null ? null : new X509Certificate2(certificate);
        if (check is not null && presented is not null)
        {
            check.Presented = new X509Certificate2(presented);
        }

        // Prefer and Require encrypt without asking who the server is: the certificate is only reported.
        var refusal = mode != DatabaseSslMode.VerifyFull ? null : Refusal(host, presented, chain, errors);
        if (refusal is null)
        {
            return true;
        }

        if (check is not null)
        {
            check.Refusal = refusal;
        }

        LogRefused(logger, host, presented is null ? "-" : CertificateDetails.Fingerprint(presented), refusal);
        return false;
    }

    private string? Refusal(string host, X509Certificate2? presented, X509Chain? sent, SslPolicyErrors errors)
    {
        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "The database server presented no certificate.";
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            var names = CertificateDetails.Of(presented).SubjectAlternativeNames;
            return $"The database server's certificate is not issued for '{host}' (its names: {(names.Count == 0 ? "none" : string.Join(", ", names))}): connect by one of its names, or choose another TLS mode.";
        }

        return errors == SslPolicyErrors.None || IsPinned(presented, sent)
            ? null
            : $"The database server's certificate is not trusted: {presented.Subject}, issued by {presented.Issuer}, sha256 {CertificateDetails.Fingerprint(presented)}. Add it or its CA in SSL trust, or choose another TLS mode.";
    }

    /// <summary>Whether the certificate, or the authority it chains to (through what the server sent), is in the copy of the list and valid now.</summary>
    public bool IsPinned(X509Certificate2 presented, X509Chain? sent)
    {
        var now = time.GetUtcNow();
        var pinned = Copy.Where(e => e.NotAfter > now).Select(e => X509Certificate2.CreateFromPem(e.Pem)).ToList();
        try
        {
            if (pinned.Any(p => p.RawDataMemory.Span.SequenceEqual(presented.RawDataMemory.Span)) && presented.NotBefore.ToUniversalTime() <= now.UtcDateTime && now.UtcDateTime <= presented.NotAfter.ToUniversalTime())
            {
                return true;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(pinned.ToArray());
            chain.ChainPolicy.ExtraStore.AddRange(sent?.ChainElements.Skip(1).Select(e => e.Certificate).ToArray() ?? []);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = now.UtcDateTime;
            return chain.Build(presented);
        }
        finally
        {
            pinned.ForEach(p => p.Dispose());
        }
    }

    private IReadOnlyList<TrustedCertificateRecord> Load()
    {
        lock (_loading)
        {
            if (_copy is { } loaded)
            {
                return loaded;
            }

            // Once per process, on the first handshake that needs it.
            using var db = settingsStore.CreateDbContext();
            var json = db.NodeProperties.AsNoTracking().Where(p => p.Key == CopyProperty).Select(p => p.Value).FirstOrDefault();
            _copy = json is null ? [] : JsonSerializer.Deserialize<List<TrustedCertificateRecord>>(json) ?? [];
            _copyJson = JsonSerializer.Serialize(_copy);
            return _copy;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The certificate of the Orchestrator database at {Host} (SHA-256 {Sha256}) was refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string host, string sha256, string reason);
}
