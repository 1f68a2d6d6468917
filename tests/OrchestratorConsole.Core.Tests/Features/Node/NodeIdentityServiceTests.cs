using System.Net;
using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.Node;

/// <summary>The node id and default name, on each settings store.</summary>
public abstract class NodeIdentityServiceTests(NodeStore store)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_node_id_is_generated_at_first_start_and_stored()
    {
        await using var node = await NodeHost.StartAsync(store, Ct);

        var nodeId = node.Get<NodeIdentityService>().NodeId;

        Assert.NotEqual(Guid.Empty, nodeId);
        await using var db = node.CreateDbContext();
        Assert.Equal(nodeId, Assert.Single(await db.NodeIdentity.ToListAsync(Ct)).NodeId);
    }

    [Fact]
    public async Task The_node_id_is_kept_across_a_restart_on_the_same_data_directory()
    {
        using var directory = new TempDirectory();
        var first = await NodeHost.StartAsync(new NodeHostOptions { Store = store, DataDirectory = directory.Path }, Ct);
        var nodeId = first.Get<NodeIdentityService>().NodeId;
        var database = first.PostgresDatabase;
        await first.DisposeAsync();

        await using var second = await NodeHost.StartAsync(new NodeHostOptions { Store = store, DataDirectory = directory.Path, PostgresDatabase = database }, Ct);

        Assert.Equal(nodeId, second.Get<NodeIdentityService>().NodeId);
        await using var db = second.CreateDbContext();
        Assert.Single(await db.NodeIdentity.ToListAsync(Ct));
    }

    [Fact]
    public async Task Two_fresh_nodes_get_different_ids()
    {
        await using var one = await NodeHost.StartAsync(store, Ct);
        await using var two = await NodeHost.StartAsync(store, Ct);

        Assert.NotEqual(one.Get<NodeIdentityService>().NodeId, two.Get<NodeIdentityService>().NodeId);
    }

    [Fact]
    public async Task The_default_node_name_is_the_host_name()
    {
        await using var node = await NodeHost.StartAsync(store, Ct);

        var general = await node.Get<ConfigurationService>().GetAsync<GeneralSettings>(Ct);

        Assert.Equal(Dns.GetHostName(), general.Settings.Name);
        Assert.Equal(1, general.Version);
    }
}
