using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Trust;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OrchestratorConsole.Core.Features.Audit;

/// <summary>
/// Sends every audit event of this node, in order, to the syslog receiver of the <c>audit</c> section. Recording never
/// waits on it: events wait in a bounded queue, and while the receiver is away the forwarder connects again with a
/// growing pause. A full queue drops the newest events and counts them (docs/adr/0017).
/// </summary>
public sealed partial class AuditForwarder : BackgroundService
{
    public const string PipelineName = "audit-forwarding";

    private readonly ConfigurationService _configuration;
    private readonly DatabaseCertificateTrust _trust;
    private readonly PeerTrust _peers;
    // Built at the first event to send: a node that forwards nothing (the default) never pays for it at start.
    private readonly Lazy<ResiliencePipeline> _pipeline;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditForwarder> _logger;
    private readonly Channel<AuditEvent> _queue;
    private readonly int _queueLimit;
    private readonly TimeSpan _timeout;
    private volatile AuditSettings? _settings;
    private volatile string? _hostName;
    private volatile string? _lastError;
    private volatile string? _refusal;
    private DateTimeOffset? _lastErrorAt;
    private DateTimeOffset? _lastSentAt;
    private long _sent;
    private long _dropped;
    private int _inFlight;
    private SyslogConnection? _connection;

    public AuditForwarder(ConfigurationService configuration, ConfigurationEvents events, DatabaseCertificateTrust trust, PeerTrust peers, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditForwarder> logger)
    {
        _configuration = configuration;
        _trust = trust;
        _peers = peers;
        _time = time;
        _logger = logger;
        _queueLimit = options.Value.ForwardQueueLimit;
        _timeout = options.Value.ForwardTimeout;
        _pipeline = new(() => BuildPipeline(options.Value, time, OnRetryAsync));
        _queue = Channel.CreateBounded<AuditEvent>(
            new BoundedChannelOptions(_queueLimit) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
        events.SectionSaved += section =>
        {
            if (section == ConfigurationRegistry.Audit)
            {
                _settings = null;
            }
            else if (section == ConfigurationRegistry.General)
            {
                _hostName = null;
            }
        };
    }

    /// <summary>The retries of one event: as long as it takes, each attempt bounded by a timeout, the pause doubling up to the maximum.</summary>
    public static RetryStrategyOptions RetryOptions(AuditOptions options) => new()
    {
        ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException || e is TimeoutRejectedException),
        MaxRetryAttempts = int.MaxValue,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = options.ForwardRetryDelay,
        MaxDelay = options.ForwardRetryMaxDelay,
    };

    /// <summary>Queues an event to be sent; never waits.</summary>
    public void Enqueue(AuditEvent audit) => _queue.Writer.TryWrite(audit);

    public AuditForwardingStatus Status
    {
        get
        {
            var settings = _settings;
            return new(settings?.Forwards ?? false, settings?.Target, _queue.Reader.Count + Volatile.Read(ref _inFlight), _queueLimit,
                Interlocked.Read(ref _sent), Interlocked.Read(ref _dropped), _lastError, _lastErrorAt, _lastSentAt);
        }
    }

    /// <summary>The status with the section read, so that a status asked before the first event is complete.</summary>
    public async Task<AuditForwardingStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        await SettingsAsync(cancellationToken);
        return Status;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                if (!_queue.Reader.TryRead(out var next))
                {
                    continue;
                }

                Volatile.Write(ref _inFlight, 1);
                await _pipeline.Value.ExecuteAsync(async token => await SendAsync(next, token), stoppingToken);
                Volatile.Write(ref _inFlight, 0);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is in this node's own audit rows.
        }
        finally
        {
            _connection?.Dispose();
        }
    }

    private static ResiliencePipeline BuildPipeline(AuditOptions options, TimeProvider time, Func<OnRetryArguments<object>, ValueTask> onRetry)
    {
        var retry = RetryOptions(options);
        retry.OnRetry = onRetry;
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(retry)
            .AddTimeout(options.ForwardTimeout)
            .Build();
    }

    private async Task SendAsync(AuditEvent audit, CancellationToken cancellationToken)
    {
        var settings = await SettingsAsync(cancellationToken);
        if (!settings.Forwards)
        {
            return; // forwarding is off: the event stays only in this node's rows
        }

        try
        {
            var message = SyslogMessage.Format(audit, await HostNameAsync(cancellationToken), Environment.ProcessId);
            var connection = await ConnectionAsync(settings, cancellationToken);
            await connection.SendAsync(SyslogMessage.Frame(message), cancellationToken);
            Interlocked.Increment(ref _sent);
            _lastSentAt = _time.GetUtcNow();
        }
        catch (Exception e)
        {
            _connection?.Dispose();
            _connection = null;
            var reason = e is OperationCanceledException ? $"no answer within {_timeout.TotalSeconds:0.#} s" : string.Join(" ", e.AndInner().Select(x => x.Message).Distinct());
            _lastError = $"{settings.Target}: {_refusal ?? reason}";
            _refusal = null;
            _lastErrorAt = _time.GetUtcNow();
            throw;
        }
    }

    private async Task<SyslogConnection> ConnectionAsync(AuditSettings settings, CancellationToken cancellationToken)
    {
        if (_connection is { } open && open.Target == settings.Target && open.IsUsable)
        {
            return open;
        }

        _connection?.Dispose();
        _connection = null;
        if (settings.SyslogTls)
        {
            // The node's copy of the SSL trust list, renewed from the shared database at most every few seconds.
            await _peers.RefreshAsync(cancellationToken: cancellationToken);
        }

        _connection = await SyslogConnection.OpenAsync(settings, ValidateReceiver, cancellationToken);
        return _connection;
    }

    /// <summary>The receiver's certificate is trusted by the system store for the host called, or is in the SSL trust list.</summary>
    private bool ValidateReceiver(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        using var presented = certificate is null ? null : new X509Certificate2(certificate);
        if (presented is not null && !errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) && _trust.IsPinned(presented, chain))
        {
            return true;
        }

        var what = presented is null ? "no certificate" : $"{presented.Subject}, issued by {presented.Issuer}, sha256 {Certificates.CertificateDetails.Fingerprint(presented)}";
        _refusal = $"The syslog receiver's certificate is not trusted ({errors}): {what}. Add it or its CA in SSL trust, or connect by one of its names.";
        return false;
    }

    private async Task<AuditSettings> SettingsAsync(CancellationToken cancellationToken) =>
        _settings ??= (await _configuration.GetAsync<AuditSettings>(cancellationToken)).Settings;

    private async Task<string> HostNameAsync(CancellationToken cancellationToken) =>
        _hostName ??= (await _configuration.GetAsync<GeneralSettings>(cancellationToken)).Settings.Name;

    private ValueTask OnRetryAsync(OnRetryArguments<object> arguments)
    {
        LogSendFailed(_logger, _settings?.Target ?? "-", arguments.AttemptNumber + 1, arguments.RetryDelay, _lastError ?? "-");
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit forwarding to {Target} failed (attempt {Attempt}); trying again in {Delay}: {Error}")]
    private static partial void LogSendFailed(ILogger logger, string target, int attempt, TimeSpan delay, string error);
}
