using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Features.PlugIns;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.ConfigurationTransfer;

/// <summary>Node B joins node A over real HTTP: two console processes, each on its own embedded database.</summary>
public sealed class JoinTests : IAsyncLifetime
{
    private const string MailPassword = "Smtp-Secret-K9w2#";

    private ConsoleNode _a = null!;
    private ConsoleNode _b = null!;
    private HttpClient _adminA = null!;
    private HttpClient _adminB = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var nodes = await ConsoleNodes.AllStartedAsync(
            ConsoleNode.StartAsync(NodeApi.AdminSettings, cancellationToken: Ct),
            ConsoleNode.StartAsync(NodeApi.AdminSettings, cancellationToken: Ct));
        (_a, _b) = (nodes[0], nodes[1]);
        _adminA = await ClientAsync(_a);
        _adminB = await ClientAsync(_b);
    }

    public async ValueTask DisposeAsync()
    {
        _adminA?.Dispose();
        _adminB?.Dispose();
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        if (_b is not null)
        {
            await _b.DisposeAsync();
        }
    }

    private static async Task<HttpClient> ClientAsync(ConsoleNode node)
    {
        var client = node.CreateClient(await node.GetTokenAsync(NodeApi.AdminName, NodeApi.AdminPassword, Ct));
        client.Timeout = TimeSpan.FromSeconds(180);
        return client;
    }

    private Task<HttpResponseMessage> JoinAsync(string nodeUrl, string password = NodeApi.AdminPassword) =>
        _adminB.Post("/api/cluster/join", new { nodeUrl, userName = NodeApi.AdminName, password });

    [Fact]
    public async Task A_joined_node_has_the_other_node_s_plugins_and_cluster_relevant_settings()
    {
        await _adminA.InstallConfiguredMailAsync(MailPassword);
        var cluster = await _adminA.GetOkAsync("/api/configuration/cluster");
        using (var save = await _adminA.Put("/api/configuration/cluster", new { version = (int)cluster["version"]!, heartbeatIntervalMs = 2500, failoverHeartbeats = 6 }))
        {
            await save.ShouldBeOkAsync();
        }

        var nameOfB = (string?)(await _adminB.GetOkAsync("/api/configuration/general"))["name"];

        using var join = await JoinAsync(_a.BaseAddress.ToString());

        var result = await join.ShouldBeOkAsync();
        Assert.Equal(["Mail 7.0.1"], result["pluginsInstalled"]!.AsArray().Select(p => (string?)p));
        var mail = Assert.Single(await _adminB.GetArrayAsync("/api/plugins"), p => (string?)p!["id"] == TransferApi.Mail)!;
        Assert.Equal("7.0.1", (string?)mail["version"]);
        var mailSettings = await _adminB.GetOkAsync($"/api/plugins/{TransferApi.Mail}/configuration");
        Assert.Equal("smtp.example.com", (string?)mailSettings["values"]!["smtpHost"]);
        Assert.True((bool)mailSettings["values"]!["passwordHasValue"]!);
        var clusterOfB = await _adminB.GetOkAsync("/api/configuration/cluster");
        Assert.Equal((2500, 6), ((int)clusterOfB["heartbeatIntervalMs"]!, (int)clusterOfB["failoverHeartbeats"]!));
        var databaseOfA = await _adminA.GetOkAsync("/api/configuration/database");
        var databaseOfB = await _adminB.GetOkAsync("/api/configuration/database");
        databaseOfA.Remove("version");
        databaseOfB.Remove("version");
        Assert.True(JsonNode.DeepEquals(databaseOfA, databaseOfB), $"{databaseOfA.ToJsonString()} != {databaseOfB.ToJsonString()}");
        Assert.Equal(nameOfB, (string?)(await _adminB.GetOkAsync("/api/configuration/general"))["name"]);
        var revision = (await _adminB.GetArrayAsync("/api/configuration/revisions?section=cluster"))[0]!;
        Assert.Contains($"{_a.BaseAddress.Authority}.vmoconfig", (string?)revision["source"]);
    }

    [Fact]
    public async Task A_join_to_an_address_where_nothing_answers_fails_clearly_and_changes_nothing()
    {
        var before = await _adminB.SnapshotAsync();

        using var join = await JoinAsync("http://127.0.0.1:1/");

        var problem = await join.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("Nothing answers at http://127.0.0.1:1/", problem.Detail);
        Assert.Contains("Nothing was changed", problem.Detail);
        Assert.Equal(before, await _adminB.SnapshotAsync());
    }

    [Fact]
    public async Task A_join_with_wrong_credentials_says_the_other_node_refused_the_sign_in_and_changes_nothing()
    {
        var before = await _adminB.SnapshotAsync();

        using var join = await JoinAsync(_a.BaseAddress.ToString(), "Wrong-Pass-9!");

        var problem = await join.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("refused the sign-in", problem.Detail);
        Assert.Equal(before, await _adminB.SnapshotAsync());
    }

    [Fact]
    public async Task A_join_to_an_address_that_is_not_http_is_refused()
    {
        using var join = await JoinAsync("ftp://127.0.0.1/");

        var problem = await join.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("http or https", problem.ErrorsFor("nodeUrl").Single());
    }

    [Fact]
    public async Task A_join_whose_second_package_is_refused_after_the_first_was_fetched_leaves_the_node_exactly_as_it_was()
    {
        await _adminA.InstallConfiguredMailAsync(MailPassword);
        await _adminA.InstallAsync(PluginPackages.Sample("ssh"));
        // Node A now serves a damaged SSH package: the join fetches Mail, then SSH, which is refused.
        var ssh = Directory.GetFiles(Path.Combine(_a.DataDirectory, "plugins", "com.vmware.o11n.ssh"), "*.vmoapp").Single();
        await File.WriteAllBytesAsync(ssh, (await File.ReadAllBytesAsync(ssh, Ct))[..200], Ct);
        var before = await _adminB.SnapshotAsync();

        using var join = await JoinAsync(_a.BaseAddress.ToString());

        var problem = await join.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("The package of SSH 7.1.0 from", problem.Detail);
        Assert.Contains("Nothing was changed on this node.", problem.Detail);
        Assert.Equal(before, await _adminB.SnapshotAsync());
        Assert.Empty(await _adminB.GetArrayAsync("/api/plugins"));
        var plugins = Path.Combine(_b.DataDirectory, "plugins");
        Assert.Empty(Directory.Exists(plugins) ? Directory.GetFiles(plugins, "*", SearchOption.AllDirectories) : []);
    }
}
