using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Logs;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Core.Features.Server;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.PlugIns;

/// <summary>Content all nodes share is not changed while another node of the cluster runs; the refusal names it.</summary>
public sealed class ContentChangeGuardTests : IAsyncLifetime
{
    private NodeHost _node = null!;
    private DatabaseSettings _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _node = await NodeHost.StartAsync(NodeStore.Sqlite, Ct);
        _database = await _node.UseDatabaseAsync(DatabaseType.PostgreSQL);
    }

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Installing_a_plugin_while_another_node_runs_is_refused_naming_that_node()
    {
        await RegisterRunningNodeAsync("node-b");

        var refused = await Assert.ThrowsAsync<OtherNodesRunningException>(() => _node.InstallAsync(PluginPackages.Sample("mail")));

        Assert.Contains("refused while other nodes of the cluster are running: node-b (http://node-b.test)", refused.Message);
        Assert.Empty(await _node.Get<PluginService>().ListAsync(Ct));
        var plugins = Path.Combine(_node.DataDirectory, "plugins");
        Assert.True(!Directory.Exists(plugins) || !Directory.EnumerateFiles(plugins, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task Uninstalling_a_plugin_while_another_node_runs_is_refused_naming_that_node()
    {
        await _node.InstallAsync(PluginPackages.Sample("mail"));
        await RegisterRunningNodeAsync("node-c");

        var refused = await Assert.ThrowsAsync<OtherNodesRunningException>(() => _node.Get<PluginService>().UninstallAsync(TestActors.Administrator(), "com.vmware.o11n.mail", Ct));

        Assert.Contains("node-c (http://node-c.test)", refused.Message);
        Assert.Single(await _node.Get<PluginService>().ListAsync(Ct));
    }

    [Fact]
    public async Task A_start_whose_content_is_due_fails_naming_the_running_node_and_installs_nothing()
    {
        await _node.InstallAsync(PluginPackages.Sample("mail"));
        await RegisterRunningNodeAsync("node-d");

        var status = await _node.StartServerAsync();

        Assert.Equal(ServerState.Failed, status.State);
        Assert.Contains("Installing plug-in content (Mail) is refused while other nodes of the cluster are running: node-d (http://node-d.test)", status.Reason);
        Assert.Empty(await _node.ContentAsync(_database, "com.vmware.o11n.mail"));
        Assert.Empty(await _node.RecordedVersionsAsync(_database));
    }

    [Fact]
    public async Task A_node_whose_heartbeats_lapsed_does_not_block_a_content_change()
    {
        await RegisterRunningNodeAsync("node-e", heartbeat: "now() - interval '10 minutes'");

        var result = await _node.InstallAsync(PluginPackages.Sample("mail"));

        Assert.Equal("7.0.1", result.ToVersion);
    }

    [Fact]
    public async Task Two_nodes_starting_together_with_content_due_install_it_once_and_the_other_finds_it_done()
    {
        await using var other = await NodeHost.StartAsync(NodeStore.Sqlite, Ct);
        var configuration = other.Get<ConfigurationService>();
        await configuration.SaveAsync(TestActors.Administrator(), _database, (await configuration.GetAsync<DatabaseSettings>(Ct)).Version, "the same database", Ct);
        var mail = PluginPackages.Sample("mail");
        await _node.InstallAsync(mail);
        await other.InstallAsync(mail);

        var started = await Task.WhenAll(_node.StartServerAsync(), other.StartServerAsync());

        Assert.All(started, s => Assert.True(s.State == ServerState.Running, $"{s.State}: {s.Reason}"));
        var installs = new[] { _node, other }.Select(n => n.Get<NodeLog>().Recent(NodeLog.Capacity).Where(l => l.Contains("Plug-in content:", StringComparison.Ordinal)).ToList()).ToList();
        Assert.Single(installs, lines => lines.Any(l => l.Contains("Installed: Mail 7.0.1", StringComparison.Ordinal)));
        Assert.Single(installs, lines => !lines.Any(l => l.Contains("Installed:", StringComparison.Ordinal)));
        Assert.Equal(3, (await _node.ContentAsync(_database, "com.vmware.o11n.mail")).Count);
    }

    [Fact]
    public async Task An_upload_is_refused_when_the_database_cannot_be_asked_and_nothing_is_installed()
    {
        var configuration = _node.Get<ConfigurationService>();
        var current = await configuration.GetAsync<DatabaseSettings>(Ct);
        // Nothing listens on port 1: whether another node runs cannot be checked.
        await configuration.SaveAsync(TestActors.Administrator(), current.Settings with { Host = "127.0.0.1", Port = 1 }, current.Version, "an unreachable database", Ct);

        var refused = await Assert.ThrowsAsync<ConflictException>(() => _node.InstallAsync(PluginPackages.Sample("mail")));

        Assert.Equal("Database unavailable", refused.Title);
        Assert.StartsWith("Installing Mail 7.0.1 is refused: the Orchestrator database does not answer", refused.Message);
        Assert.Empty(await _node.Get<PluginService>().ListAsync(Ct));
        var plugins = Path.Combine(_node.DataDirectory, "plugins");
        Assert.True(!Directory.Exists(plugins) || !Directory.EnumerateFiles(plugins, "*", SearchOption.AllDirectories).Any());
    }

    /// <summary>Another node as its own server would record itself: Running, with a heartbeat of the database's clock.</summary>
    private Task RegisterRunningNodeAsync(string name, string heartbeat = "now()") =>
        TestDatabases.ExecuteAsync(
            _database.DatabaseName!,
            $"INSERT INTO cluster_nodes (node_id, name, public_url, product_version, instance_nonce, state, role, last_heartbeat, started_at) " +
            $"VALUES (gen_random_uuid(), '{name}', 'http://{name}.test', '1.0.0', gen_random_uuid(), 'Running', 'Active', {heartbeat}, now())");
}
