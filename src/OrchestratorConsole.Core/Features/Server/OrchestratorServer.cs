using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.Core.Features.Server;

/// <summary>States of the Orchestrator server hosted in this node's process.</summary>
public enum ServerState
{
    Stopped,
    Starting,
    Running,
    Stopping,
    Failed,
}

/// <summary>Role of a running server in its cluster.</summary>
public enum ServerRole
{
    Active,
    Standby,
}

/// <summary>What the server is doing now. <paramref name="DuplicateIdentity"/> is set when a start failed because another process uses this node's id.</summary>
public sealed record ServerStatus(ServerState State, ServerRole? Role, string? Reason, DateTimeOffset? StartedAt, long? Epoch, bool DuplicateIdentity = false);

/// <summary>A step of a start, as the Startup options tab shows it.</summary>
public sealed record StartStep(string Name, bool Done, bool Failed, string? Message);

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
    PlugIns.PluginService plugins,
    AuditService audit,
    TimeProvider time,
    ILogger<OrchestratorServer> logger) : IClusterMemberListener, IAsyncDisposable
{
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
            _ = Task.Run(() => RunStartAsync(_running.Token), CancellationToken.None);
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

    private async Task RunStartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var database = (await configuration.GetAsync<DatabaseSettings>(cancellationToken)).Settings;
            var cluster = (await configuration.GetAsync<ClusterSettings>(cancellationToken)).Settings;

            await StepAsync("Connecting to the Orchestrator database", async () =>
            {
                _store = stores.Create(database);
                await _store.NowAsync(cancellationToken);
                return $"{database.Type} database reached.";
            });

            await StepAsync("Checking the database schema", async () =>
            {
                var status = await schema.GetStatusAsync(database, cancellationToken);
                return status.IsCurrent ? status.Describe() : throw new ConflictException(status.Describe());
            });

            await StepAsync("Installing plug-in content", () => contentInstaller.InstallDueAsync(database, identity.NodeId, cancellationToken));

            var clusterKey = Array.Empty<byte>();
            await StepAsync("Registering the node", async () =>
            {
                clusterKey = await _store!.EnsureClusterKeyAsync(cancellationToken);
                var active = await fingerprints.ComputeAsync(clusterKey, cancellationToken);
                _activeFingerprint = active.Value;
                _nonce = Guid.NewGuid();
                await _store.RegisterAsync(await AnnounceAsync(clusterKey, ServerRole.Standby, cancellationToken), cluster.FailoverTimeout, cancellationToken);
                return $"Registered as node {identity.NodeId} at {address.PublicUrl}.";
            });

            _member = new ClusterMember(_store!, cluster, identity.NodeId, _nonce, (role, ct) => AnnounceAsync(clusterKey, role, ct), _lease, this, time, logger);
            await StepAsync("Starting heartbeats", () => Task.FromResult($"Every {cluster.HeartbeatIntervalMs} ms; failed after {cluster.FailoverHeartbeats} missed ({cluster.FailoverTimeout.TotalSeconds:0.#} s)."));

            await StepAsync("Taking a role", async () =>
            {
                if (cluster.ClusterMode)
                {
                    await _member.BeatAsync(cancellationToken);
                }

                return cluster.ClusterMode
                    ? $"{_member.Role} ({cluster.ActiveNodes} active node{(cluster.ActiveNodes == 1 ? string.Empty : "s")} wanted)."
                    : "Active (standalone).";
            });

            _startedAt = time.GetUtcNow();
            running.Current = _store;
            _state = ServerState.Running;
            _loop = _member.RunAsync(cancellationToken);
            LogStarted(logger, _member.Role);
            Notify();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _duplicateIdentity = ex is DuplicateNodeIdentityException;
            var reason = ex switch
            {
                ConsoleException console => console.Message,
                DuplicateNodeIdentityException duplicate => duplicate.Message,
                _ => DatabaseFailures.Describe(ex, (await configuration.GetAsync<DatabaseSettings>(CancellationToken.None)).Settings),
            };
            LogStartFailed(logger, reason);
            await StopCoreAsync(ServerState.Failed, reason);
        }
    }

    private async Task StepAsync(string name, Func<Task<string>> step)
    {
        lock (_steps)
        {
            _steps.Add(new StartStep(name, false, false, null));
        }

        Notify();
        try
        {
            var message = await step();
            ReplaceLastStep(new StartStep(name, true, false, message));
        }
        catch (Exception ex)
        {
            ReplaceLastStep(new StartStep(name, false, true, ex is ConsoleException or DuplicateNodeIdentityException ? ex.Message : "failed"));
            throw;
        }
    }

    private void ReplaceLastStep(StartStep step)
    {
        lock (_steps)
        {
            _steps[^1] = step;
        }

        Notify();
    }

    private async Task<NodeAnnouncement> AnnounceAsync(byte[] clusterKey, ServerRole role, CancellationToken cancellationToken)
    {
        var general = (await configuration.GetAsync<GeneralSettings>(cancellationToken)).Settings;
        var pending = await fingerprints.ComputeAsync(clusterKey, cancellationToken);
        var pluginVersions = System.Text.Json.JsonSerializer.Serialize(await plugins.VersionsAsync(cancellationToken), ConfigurationRegistry.JsonOptions);
        return new NodeAnnouncement(identity.NodeId, _nonce, general.Name, address.PublicUrl, ProductInfo.Version, _activeFingerprint, pending.Value, pending.SavedAt, pluginVersions, role);
    }

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
        if (_loop is not null)
        {
            await _loop;
        }

        _lease.Lose();
        running.Current = null;
        if (_store is not null)
        {
            try
            {
                if (_nonce != Guid.Empty && !_duplicateIdentity)
                {
                    await _store.MarkStoppedAsync(identity.NodeId, _nonce, CancellationToken.None);
                }
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
            {
                LogStopUnrecorded(logger, ex.Message);
            }

            await _store.DisposeAsync();
        }

        _store = null;
        _member = null;
        _loop = null;
        _running?.Dispose();
        _running = null;
        _nonce = Guid.Empty;
        _startedAt = null;
        _state = final;
        _reason = reason;
        Notify();
    }

    void IClusterMemberListener.DatabaseReachable(string? reason)
    {
        if (reason != _reason && _state == ServerState.Running)
        {
            _reason = reason;
            Notify();
        }
    }

    void IClusterMemberListener.IdentityLost()
    {
        _duplicateIdentity = true;
        _ = Task.Run(async () =>
        {
            await _gate.WaitAsync();
            try
            {
                await StopCoreAsync(ServerState.Failed, "Another running console now uses this node's id — is this machine a clone? Regenerate node identity, then start again.");
            }
            finally
            {
                _gate.Release();
            }
        });
    }

    async Task IClusterMemberListener.TookOverAsync(LeaseGrant grant, Guid previousHolder)
    {
        var nodes = await (_store?.ListNodesAsync(CancellationToken.None) ?? Task.FromResult<IReadOnlyList<Data.Orchestrator.ClusterNodeRecord>>([]));
        var previousName = nodes.FirstOrDefault(n => n.NodeId == previousHolder)?.Name ?? previousHolder.ToString();
        var detail = $"Failover: this node took over active slot {grant.Slot} (epoch {grant.Epoch}) from {previousName}.";
        await RecordClusterEventAsync("failover", previousHolder, previousName, detail, grant.Epoch);
    }

    async Task IClusterMemberListener.NodesFailedAsync(IReadOnlyList<FailedNode> nodes, LeaseGrant grant)
    {
        foreach (var node in nodes)
        {
            LogNodeFailed(logger, node.Name, node.NodeId);
            var detail = $"{node.Name} missed its heartbeats and was declared failed.";
            await audit.RecordAsync("system", "cluster.node-failed", ConfigurationRegistry.Cluster, detail, false, null);
            ClusterEventRaised?.Invoke(new ClusterEventView(0, time.GetUtcNow(), "node-failed", node.NodeId, node.Name, detail));
        }
    }

    private async Task RecordClusterEventAsync(string kind, Guid? nodeId, string? nodeName, string detail, long epoch)
    {
        LogFailover(logger, detail);
        if (_store is not null)
        {
            await _store.AddEventAsync(kind, nodeId, nodeName, detail, identity.NodeId, epoch, CancellationToken.None);
        }

        await audit.RecordAsync("system", "cluster." + kind, ConfigurationRegistry.Cluster, detail, true, null);
        ClusterEventRaised?.Invoke(new ClusterEventView(0, time.GetUtcNow(), kind, nodeId, nodeName, detail));
    }

    private void Notify() => Changed?.Invoke();

    public async ValueTask DisposeAsync()
    {
        if (_state is ServerState.Running or ServerState.Starting)
        {
            await StopCoreAsync(ServerState.Stopped, null);
        }

    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The Orchestrator server is running as {Role}")]
    private static partial void LogStarted(ILogger logger, ServerRole role);

    [LoggerMessage(Level = LogLevel.Error, Message = "The Orchestrator server failed to start: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stop could not be recorded in the Orchestrator database: {Error}")]
    private static partial void LogStopUnrecorded(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster failover: node {Name} ({NodeId}) was declared failed")]
    private static partial void LogNodeFailed(ILogger logger, string name, Guid nodeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster failover: {Detail}")]
    private static partial void LogFailover(ILogger logger, string detail);
}
