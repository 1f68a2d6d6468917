using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.Core.Features.Server;

/// <summary>
/// The Orchestrator server of this node: Start validates every section, connects to the Orchestrator database,
/// checks the schema, installs due plug-in content, registers the node, starts heartbeating and takes a role.
/// </summary>
public sealed partial class OrchestratorServer(
    ConfigurationService configuration,
    NodeValidationService validation,
    DatabaseStatusService databaseStatus,
    OrchestratorSchemaService schema,
    NodeIdentityService identity,
    NodeAddress address,
    ClusterStoreFactory stores,
    RunningClusterStore running,
    ConfigurationFingerprint fingerprints,
    PlugIns.PluginContentInstaller contentInstaller,
    AuditService audit,
    Telemetry.ConsoleMetrics metrics,
    TimeProvider time,
    ILogger<OrchestratorServer> logger) : IClusterMemberListener, IAsyncDisposable
{
    /// <summary>How long a stop waits for the database to record it; beyond that the lease lapses on its own.</summary>
    private static readonly TimeSpan StopRecordTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly LeaseClock _lease = new(time);
    private readonly List<StartStep> _steps = [];
    private ServerState _state = ServerState.Stopped;
    private string? _reason;
    private bool _duplicateIdentity;
    private DateTimeOffset? _startedAt;
    private IClusterStore? _store;
    private ClusterMember? _member;
    private CancellationTokenSource? _running;
    private Task? _loop;
    private Task? _start;
    private Guid _nonce;
    private string? _activeFingerprint;

    /// <summary>Raised whenever the state, role, reason or steps change.</summary>
    public event Action? Changed;

    /// <summary>Raised when this node declares another failed or takes over its slot.</summary>
    public event Action<ClusterEventView>? ClusterEventRaised;

    public ServerStatus Status => new(_state, Role, _reason, _startedAt, _state == ServerState.Running ? _lease.Grant?.Epoch : null, _duplicateIdentity);

    /// <summary>Active or Standby while Running, computed at every read.</summary>
    public ServerRole? Role => _state == ServerState.Running && _member is { } member ? member.Role : null;

    /// <summary>Whether a load balancer should send work here: only a Running, Active server.</summary>
    public bool IsActive => Role == ServerRole.Active;

    /// <summary>The active slot this node holds while Active (0 on the embedded database, where it is Active alone); null otherwise.</summary>
    public int? ActiveSlot => IsActive ? _lease.Grant?.Slot ?? 0 : null;

    public IReadOnlyList<StartStep> Steps
    {
        get
        {
            lock (_steps)
            {
                return [.. _steps];
            }
        }
    }

    /// <summary>Validates and begins a start; the steps run in the background (poll <see cref="Status"/>).</summary>
    public async Task StartAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_state is ServerState.Starting or ServerState.Running or ServerState.Stopping)
            {
                throw new ConflictException($"The server is already {_state}.", "Server already started");
            }

            await databaseStatus.RefreshAsync(cancellationToken);
            var invalid = (await validation.ValidateAsync(cancellationToken)).Where(s => !s.Valid).ToList();
            if (invalid.Count > 0)
            {
                var detail = string.Join(" ", invalid.Select(s => $"{s.Title}: {string.Join(" ", s.Messages)}"));
                await audit.RecordAsync(actor, "server.start", null, "refused: " + detail, succeeded: false, cancellationToken: cancellationToken);
                throw new ConflictException($"The server cannot start while these sections are invalid — {detail}", "Configuration invalid");
            }

            lock (_steps)
            {
                _steps.Clear();
            }

            _state = ServerState.Starting;
            _reason = null;
            _duplicateIdentity = false;
            _running = new CancellationTokenSource();
            Notify();
            await audit.RecordAsync(actor, "server.start", null, null, cancellationToken: cancellationToken);
            var token = _running.Token;
            _start = Task.Run(() => RunStartAsync(token), CancellationToken.None);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StopAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_state is ServerState.Stopped or ServerState.Failed)
            {
                return;
            }

            await audit.RecordAsync(actor, "server.stop", null, null, cancellationToken: cancellationToken);
            await StopCoreAsync(ServerState.Stopped, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task RestartAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        await StopAsync(actor, cancellationToken);
        await StartAsync(actor, cancellationToken);
    }

    /// <summary>Waits until the server leaves Starting (for the start-on-launch option and tests).</summary>
    public async Task<ServerStatus> WaitWhileStartingAsync(TimeSpan timeout)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (_state == ServerState.Starting && time.GetUtcNow() < deadline)
        {
            await Task.Delay(50, CancellationToken.None);
        }

        return Status;
    }

    /// <summary>
    /// Stops whatever runs — a start in progress or the heartbeat loop — waits for it to end, then releases the
    /// lease, marks the node stopped and closes the store. The clean-up always completes: a database that cannot
    /// be reached only means the stop is not recorded there (the lease then lapses on its own).
    /// </summary>
    private async Task StopCoreAsync(ServerState final, string? reason)
    {
        if (_state != ServerState.Failed)
        {
            _state = final == ServerState.Failed ? ServerState.Failed : ServerState.Stopping;
        }

        if (final == ServerState.Failed)
        {
            // A reader that sees Failed also sees why, not only once the clean-up below is done.
            _reason = reason;
        }

        Notify();
        _running?.Cancel();
        // A start that fails or is cancelled has said why already; here it only has to be over.
        await Task.WhenAll(new[] { _start, _loop }.OfType<Task>()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await ReleaseAsync(final, reason);
    }

    /// <summary>What a stop or a failed start leaves behind: no lease, no store, the node marked stopped where the database can be reached.</summary>
    private async Task ReleaseAsync(ServerState final, string? reason)
    {
        _lease.Lose();
        running.Current = null;
        if (Interlocked.Exchange(ref _store, null) is { } store)
        {
            try
            {
                if (_nonce != Guid.Empty && !_duplicateIdentity)
                {
                    using var timeout = new CancellationTokenSource(StopRecordTimeout);
                    await store.MarkStoppedAsync(identity.NodeId, _nonce, timeout.Token);
                }
            }
            catch (Exception ex)
            {
                LogStopUnrecorded(logger, ex.Message);
            }

            await store.DisposeAsync();
        }

        _member = null;
        _loop = null;
        _start = null;
        // Not disposed: a stop may be cancelling it at this moment, and a source without timers holds nothing.
        _running = null;
        _nonce = Guid.Empty;
        _startedAt = null;
        _state = final;
        _reason = reason;
        Notify();
    }

    private void Notify() => Changed?.Invoke();

    public async ValueTask DisposeAsync()
    {
        if (_state is ServerState.Running or ServerState.Starting or ServerState.Stopping)
        {
            await StopCoreAsync(ServerState.Stopped, null);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stop could not be recorded in the Orchestrator database: {Error}")]
    private static partial void LogStopUnrecorded(ILogger logger, string error);
}
