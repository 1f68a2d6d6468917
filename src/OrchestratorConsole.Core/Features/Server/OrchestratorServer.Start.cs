using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;

namespace OrchestratorConsole.Core.Features.Server;

// The steps of a start, each shown on the Startup options tab as it runs.
public sealed partial class OrchestratorServer
{
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
                return await RegisterAsync(await AnnounceAsync(clusterKey, ServerRole.Standby, cancellationToken), cluster, cancellationToken);
            });

            _member = new ClusterMember(_store!, cluster, identity.NodeId, _nonce, (role, ct) => AnnounceAsync(clusterKey, role, ct), _lease, this, time, logger, metrics);
            await StepAsync("Starting heartbeats", () => Task.FromResult($"Every {cluster.HeartbeatIntervalMs} ms; failed after {cluster.FailoverHeartbeats} missed ({cluster.FailoverTimeout.TotalSeconds:0.#} s)."));

            await StepAsync("Taking a role", async () =>
            {
                if (!_store!.CoordinatesLeases)
                {
                    return "Active (standalone on the embedded database).";
                }

                await _member.BeatAsync(cancellationToken);
                return cluster.ClusterMode
                    ? $"{_member.Role} ({cluster.ActiveNodes} active node{(cluster.ActiveNodes == 1 ? string.Empty : "s")} wanted)."
                    : $"{_member.Role} (cluster mode off: the one active slot, so a node beside a cluster never answers as a second Active).";
            });

            cancellationToken.ThrowIfCancellationRequested();
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
            _state = ServerState.Failed;
            _reason = reason;
            Notify();
            await ReleaseAsync(ServerState.Failed, reason);
        }
    }

    /// <summary>
    /// Registers this process as the node. When the node's row still names a running instance with a fresh
    /// heartbeat, that is either a clone (a live process with this id, which keeps beating) or this node's own
    /// previous process that crashed moments ago (which beats no more): the start watches the row for two
    /// heartbeat intervals and takes it over only if it stayed silent.
    /// </summary>
    private async Task<string> RegisterAsync(NodeAnnouncement announcement, ClusterSettings cluster, CancellationToken cancellationToken)
    {
        var registered = $"Registered as node {identity.NodeId} at {address.PublicUrl}.";
        try
        {
            await _store!.RegisterAsync(announcement, cluster.FailoverTimeout, null, cancellationToken);
            return registered;
        }
        catch (DuplicateNodeIdentityException seen)
        {
            var watch = (2 * TimeSpan.FromMilliseconds(cluster.HeartbeatIntervalMs)) + TimeSpan.FromSeconds(1);
            ReplaceLastStep(new StartStep("Registering the node", false, false, $"The node's record names another running instance; watching it for {watch.TotalSeconds:0.#} s to tell a crashed previous process from a clone…"));
            await Task.Delay(watch, time, cancellationToken);
            await _store!.RegisterAsync(announcement, cluster.FailoverTimeout, seen.Instance, cancellationToken);
            LogPreviousInstanceReplaced(logger, seen.Instance.Nonce);
            return registered + " The previous process of this node had stopped beating; its record was taken over.";
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
        // The plug-ins the fingerprint covered: one read of them per heartbeat.
        var pluginVersions = System.Text.Json.JsonSerializer.Serialize(pending.Plugins, ConfigurationRegistry.JsonOptions);
        return new NodeAnnouncement(identity.NodeId, _nonce, general.Name, address.PublicUrl, ProductInfo.Version, _activeFingerprint, pending.Value, pending.SavedAt, pluginVersions, role);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The previous instance {Nonce} of this node stopped beating without stopping (a crash); its record was taken over")]
    private static partial void LogPreviousInstanceReplaced(ILogger logger, Guid nonce);

    [LoggerMessage(Level = LogLevel.Information, Message = "The Orchestrator server is running as {Role}")]
    private static partial void LogStarted(ILogger logger, ServerRole role);

    [LoggerMessage(Level = LogLevel.Error, Message = "The Orchestrator server failed to start: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string reason);
}
