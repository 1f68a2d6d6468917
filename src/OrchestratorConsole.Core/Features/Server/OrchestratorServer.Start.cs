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
        // The plug-ins the fingerprint covered: one read of them per heartbeat.
        var pluginVersions = System.Text.Json.JsonSerializer.Serialize(pending.Plugins, ConfigurationRegistry.JsonOptions);
        return new NodeAnnouncement(identity.NodeId, _nonce, general.Name, address.PublicUrl, ProductInfo.Version, _activeFingerprint, pending.Value, pending.SavedAt, pluginVersions, role);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The Orchestrator server is running as {Role}")]
    private static partial void LogStarted(ILogger logger, ServerRole role);

    [LoggerMessage(Level = LogLevel.Error, Message = "The Orchestrator server failed to start: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string reason);
}
