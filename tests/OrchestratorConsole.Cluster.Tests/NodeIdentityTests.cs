using System.Net;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Cluster.Tests;

/// <summary>A cloned machine: a second process with the first node's data directory, hence its node id.</summary>
public sealed class NodeIdentityTests : ClusterTest
{
    [Fact]
    public async Task A_clone_of_a_running_node_is_refused_naming_the_original_and_runs_once_it_regenerates_its_identity()
    {
        var cluster = await StartClusterAsync(1, startServers: false);
        var original = cluster.Nodes[0];
        var originalId = await original.GetNodeIdAsync(Ct);

        await original.Node.StopAsync(); // its files are at rest while they are copied
        using var cloneDirectory = new TempDirectory();
        CopyDirectory(original.Node.DataDirectory, cloneDirectory.Path);
        await original.Node.RestartAsync(Ct);
        var clone = await cluster.AddNodeAsync(dataDirectory: cloneDirectory.Path, configure: false, cancellationToken: Ct);
        Assert.Equal(originalId, await clone.GetNodeIdAsync(Ct));

        await original.StartServerAsync(Ct);
        await original.WaitUntilRunningAsync(TestCluster.StartTimeout, Ct);
        await clone.StartServerAsync(Ct);
        var refused = await clone.WaitForServerAsync(s => s.State is "Failed" or "Running", TestCluster.StartTimeout, "the end of the start", Ct);

        Assert.Equal("Failed", refused.State);
        Assert.True(refused.DuplicateIdentity);
        Assert.Contains("clone", refused.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(original.Node.BaseAddress.ToString().TrimEnd('/'), refused.Reason, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await original.ActiveHealthAsync(Ct)); // the original is untouched

        using (var regenerate = await clone.SendAsync(HttpMethod.Post, "/api/node/regenerate-identity", cancellationToken: Ct))
        {
            await NodeApi.EnsureAsync(regenerate, HttpStatusCode.OK, Ct);
        }

        var newId = await clone.GetNodeIdAsync(Ct);
        Assert.NotEqual(originalId, newId);
        await clone.StartServerAsync(Ct);
        var running = await clone.WaitUntilRunningAsync(TestCluster.StartTimeout, Ct);
        Assert.Equal("Standby", running.Role);
        Assert.False(running.DuplicateIdentity);

        var nodes = (await original.GetJsonAsync("/api/cluster", Ct))["nodes"]!.AsArray();
        Assert.Equal(new[] { originalId, newId }.Order(), nodes.Select(n => n!["nodeId"]!.GetValue<Guid>()).Order());
        Assert.All(nodes, n => Assert.Equal("Running", n!["state"]!.GetValue<string>()));
        await clone.Node.StopAsync(); // before its data directory is deleted
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
        }
    }
}
