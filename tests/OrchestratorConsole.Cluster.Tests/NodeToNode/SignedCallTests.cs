using System.Net;
using System.Text;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Cluster.Tests.NodeToNode;

/// <summary>
/// Two node processes, their servers stopped after they registered: signed calls to the real internal endpoints,
/// forged, replayed (to the same node, to the other node, after a restart) and altered on the way.
/// </summary>
public sealed class SignedCallTests : ClusterTest
{
    private const string PackagePath = "/api/cluster/internal/plugins";
    private const string ConfigurationPath = "/api/cluster/internal/configuration";

    /// <summary>Two members of one cluster whose servers are stopped, so that a package may be installed on either.</summary>
    private async Task<(TestCluster Cluster, NodeApi A, NodeApi B, Guid AId, Guid BId, byte[] Key)> StoppedPairAsync()
    {
        var cluster = await StartClusterAsync(2);
        foreach (var node in cluster.Nodes)
        {
            await node.StopServerAsync(Ct);
            await node.WaitForServerAsync(s => s.State == "Stopped", Generous, "Stopped", Ct);
        }

        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        return (cluster, a, b, await a.GetNodeIdAsync(Ct), await b.GetNodeIdAsync(Ct), await SignedCalls.ClusterKeyAsync(cluster, Ct));
    }

    private static async Task<string?> InstalledVersionAsync(NodeApi node, string id) =>
        (string?)(await node.GetJsonAsync("/api/plugins", Ct)).AsArray().SingleOrDefault(p => (string?)p!["id"] == id)?["version"];

    [Fact]
    public async Task A_forged_package_push_is_refused_and_a_captured_one_is_refused_when_replayed_to_the_same_node_to_the_other_node_and_after_a_restart()
    {
        var (_, a, b, aId, bId, key) = await StoppedPairAsync();
        var package = PluginPackages.Build(PluginPackages.Manifest(version: "1.0.0"));
        var forged = await SignedCalls.SignAsync(HttpMethod.Post, new Uri(a.Node.BaseAddress, PackagePath), SignedCalls.PackageForm(package), Encoding.UTF8.GetBytes("not the cluster's key, 32 bytes!"), bId, aId, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, await SignedCalls.SendAsync(forged.ToRequest(), Ct));
        Assert.Null(await InstalledVersionAsync(a, PluginPackages.TestId));

        var captured = await SignedCalls.SignAsync(HttpMethod.Post, new Uri(a.Node.BaseAddress, PackagePath), SignedCalls.PackageForm(package), key, bId, aId, Ct);
        Assert.Equal(HttpStatusCode.OK, await SignedCalls.SendAsync(captured.ToRequest(), Ct));
        Assert.Equal("1.0.0", await InstalledVersionAsync(a, PluginPackages.TestId));

        Assert.Equal(HttpStatusCode.Unauthorized, await SignedCalls.SendAsync(captured.ToRequest(), Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignedCalls.SendAsync(captured.ToRequest(to: b.Node.BaseAddress), Ct));
        Assert.Null(await InstalledVersionAsync(b, PluginPackages.TestId));

        // The process that saw the call is gone; the call is still inside its time window.
        await a.Node.StopAsync();
        await a.Node.RestartAsync(Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, await SignedCalls.SendAsync(captured.ToRequest(to: a.Node.BaseAddress), Ct));
    }

    [Fact]
    public async Task A_call_addressed_to_one_node_is_refused_by_the_other_and_a_call_with_its_query_altered_is_refused()
    {
        var (_, a, b, aId, bId, key) = await StoppedPairAsync();
        var sound = await SignedCalls.SignAsync(HttpMethod.Get, new Uri(a.Node.BaseAddress, ConfigurationPath), null, key, bId, aId, Ct);
        Assert.Equal(HttpStatusCode.OK, await SignedCalls.SendAsync(sound.ToRequest(), Ct));

        // Taken off the wire before it reached the node it was addressed to.
        var diverted = await SignedCalls.SignAsync(HttpMethod.Get, new Uri(a.Node.BaseAddress, ConfigurationPath), null, key, bId, aId, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, await SignedCalls.SendAsync(diverted.ToRequest(to: b.Node.BaseAddress), Ct));

        var queried = await SignedCalls.SignAsync(HttpMethod.Get, new Uri(a.Node.BaseAddress, ConfigurationPath), null, key, bId, aId, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, await SignedCalls.SendAsync(queried.ToRequest(query: "section=database"), Ct));
    }

    [Fact]
    public async Task A_package_push_whose_content_type_was_altered_to_read_another_package_from_the_same_body_is_refused()
    {
        var (_, a, _, aId, bId, key) = await StoppedPairAsync();
        var signed = PluginPackages.Build(PluginPackages.Manifest(version: "1.0.0"));
        var smuggled = PluginPackages.Build(PluginPackages.Manifest(version: "6.6.6"));
        var body = TwoBoundaryForm(signed, smuggled);
        var sound = await SignedCalls.SignAsync(HttpMethod.Post, new Uri(a.Node.BaseAddress, PackagePath), FormContent(body, "outer"), key, bId, aId, Ct);
        Assert.Equal(HttpStatusCode.OK, await SignedCalls.SendAsync(sound.ToRequest(), Ct));
        Assert.Equal("1.0.0", await InstalledVersionAsync(a, PluginPackages.TestId));

        var altered = await SignedCalls.SignAsync(HttpMethod.Post, new Uri(a.Node.BaseAddress, PackagePath), FormContent(body, "outer"), key, bId, aId, Ct);
        var status = await SignedCalls.SendAsync(altered.ToRequest(contentType: "multipart/form-data; boundary=inner"), Ct);

        Assert.Equal(("1.0.0", HttpStatusCode.Unauthorized), (await InstalledVersionAsync(a, PluginPackages.TestId), status));
    }

    private static ByteArrayContent FormContent(byte[] body, string boundary)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");
        return content;
    }

    /// <summary>
    /// One body, two forms: read with the boundary <c>outer</c> its file is <paramref name="signed"/> (the other package
    /// sits in a text field); read with the boundary <c>inner</c> its file is <paramref name="smuggled"/>.
    /// </summary>
    private static byte[] TwoBoundaryForm(byte[] signed, byte[] smuggled)
    {
        using var body = new MemoryStream();
        void Text(string text) => body.Write(Encoding.ASCII.GetBytes(text));
        Text("--outer\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n");
        Text("--inner\r\nContent-Disposition: form-data; name=\"package\"; filename=\"package.vmoapp\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.Write(smuggled);
        Text("\r\n--inner--\r\n");
        Text("\r\n--outer\r\nContent-Disposition: form-data; name=\"package\"; filename=\"package.vmoapp\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.Write(signed);
        Text("\r\n--outer--\r\n");
        return body.ToArray();
    }
}
