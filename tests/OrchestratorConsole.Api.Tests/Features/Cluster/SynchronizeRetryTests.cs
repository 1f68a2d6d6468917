using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using OrchestratorConsole.Api.Tests.Features.ConfigurationTransfer;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.Cluster;

/// <summary>
/// Synchronize from node A to node B, two consoles in memory on one Orchestrator database (B's settings store on
/// PostgreSQL), A's calls crossing a network that may fail a call after B received it: A's resilience pipeline retries.
/// </summary>
public sealed class SynchronizeRetryTests : IAsyncLifetime
{
    private const string ApplyPath = "/api/cluster/internal/apply";
    private const string PackagePath = "/api/cluster/internal/plugins";

    /// <summary>The largest package a node takes, over a slow link between sites (4 Mbit/s): about two minutes.</summary>
    private static readonly TimeSpan LargestPackageTransfer = TimeSpan.FromSeconds(64.0 * 1024 * 1024 / (512 * 1024));

    private readonly OverlappingCommit _receiverStore = new();
    private readonly LossyLink _link;
    private readonly SendingConsole _sender;
    private ConsoleFactory _receiver = null!;
    private HttpClient _adminA = null!;
    private HttpClient _adminB = null!;
    private string _nodeB = null!;

    public SynchronizeRetryTests()
    {
        _link = new LossyLink(() => _receiver.Server.CreateHandler());
        _sender = new SendingConsole(_link);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _receiver = new ReceivingConsole(await TestPostgres.CreateDatabaseAsync("node"), _receiverStore);
        _adminA = await _sender.AdminAsync();
        _adminB = await _receiver.AdminAsync();
        var database = await TestPostgres.CreateDatabaseAsync("sync");
        await UseOrchestratorDatabaseAsync(_adminA, database);
        await UseOrchestratorDatabaseAsync(_adminB, database);
        using (var install = await _adminA.Post("/api/database/install"))
        {
            await install.ShouldBeOkAsync();
        }

        var nodeA = await _adminA.GetOkAsync("/api/node");
        var nodeB = await _adminB.GetOkAsync("/api/node");
        _nodeB = (string)nodeB["nodeId"]!;
        // Both nodes are members, their servers stopped: the records a node leaves when its server stops.
        await AddNodeRecordAsync(database, nodeA, "http://node-a.test/");
        await AddNodeRecordAsync(database, nodeB, "http://node-b.test/");
    }

    public async ValueTask DisposeAsync()
    {
        _adminA?.Dispose();
        _adminB?.Dispose();
        await _sender.DisposeAsync();
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_push_whose_answer_is_lost_after_it_landed_is_retried_and_reported_as_landed()
    {
        await SaveClusterTimingAsync(2500, 6);
        var revisionsBefore = await ClusterRevisionsOfBAsync();
        _link.LoseFirstAnswerTo(ApplyPath);

        var outcome = await SynchronizeAsync();

        Assert.True((bool)outcome["succeeded"]!, (string?)outcome["message"]);
        Assert.Equal(1, _link.Lost);
        await AssertTheApplyLandedOnceAsync(revisionsBefore);
    }

    [Fact]
    public async Task A_push_retried_while_its_first_attempt_is_still_committing_is_reported_as_landed()
    {
        await SaveClusterTimingAsync(2500, 6);
        var revisionsBefore = await ClusterRevisionsOfBAsync();
        _receiverStore.HoldFirstCommitOf(ConfigurationRegistry.Cluster);
        _link.AbandonFirstCallTo(ApplyPath, _receiverStore.FirstCommitHeld);

        var outcome = await SynchronizeAsync();
        await _link.AbandonedCallsAnsweredAsync();

        Assert.True((bool)outcome["succeeded"]!, (string?)outcome["message"]);
        Assert.Equal(1, _receiverStore.Conflicts);
        await AssertTheApplyLandedOnceAsync(revisionsBefore);
    }

    [Fact]
    public async Task A_package_push_whose_answer_is_lost_after_it_landed_is_retried_and_reported_as_landed()
    {
        await _adminA.InstallConfiguredMailAsync("Smtp-Secret-K9w2#");
        _link.LoseFirstAnswerTo(PackagePath);

        var outcome = await SynchronizeAsync();

        Assert.True((bool)outcome["succeeded"]!, (string?)outcome["message"]);
        Assert.Equal(["com.vmware.o11n.mail 7.0.1"], outcome["pluginsSent"]!.AsArray().Select(p => (string?)p));
        Assert.Equal(1, _link.Lost);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], _link.Calls.Where(c => c.Path == PackagePath).Select(c => c.Status));
        var mail = Assert.Single(await _adminB.GetArrayAsync("/api/plugins"), p => (string?)p!["id"] == TransferApi.Mail)!;
        Assert.Equal("7.0.1", (string?)mail["version"]);
    }

    [Fact]
    public async Task A_package_travels_with_an_attempt_timeout_that_fits_a_64_MB_package_while_other_calls_keep_short_ones()
    {
        await _adminA.InstallConfiguredMailAsync("Smtp-Secret-K9w2#");

        var outcome = await SynchronizeAsync();

        Assert.True((bool)outcome["succeeded"]!, (string?)outcome["message"]);
        var package = TimeoutsOf(Assert.Single(_link.Calls, c => c.Path == PackagePath).Client);
        var apply = TimeoutsOf(Assert.Single(_link.Calls, c => c.Path == ApplyPath).Client);
        Assert.True(package.Attempt >= LargestPackageTransfer, $"A package attempt may last {package.Attempt}; a 64 MB package over a slow link needs {LargestPackageTransfer}.");
        Assert.True(package.Total >= package.Attempt && package.Client >= package.Total, $"The package's attempt ({package.Attempt}) is cut short by the request's total ({package.Total}) or the client's ({package.Client}) timeout.");
        Assert.True(apply.Attempt <= TimeSpan.FromSeconds(20), $"An ordinary call may wait {apply.Attempt} for a node that does not answer.");
    }

    private (TimeSpan Attempt, TimeSpan Total, TimeSpan Client) TimeoutsOf(string clientName)
    {
        var options = _sender.Services.GetRequiredService<IOptionsMonitor<HttpStandardResilienceOptions>>().Get($"{clientName}-standard");
        using var client = _sender.Services.GetRequiredService<IHttpClientFactory>().CreateClient(clientName);
        return (options.AttemptTimeout.Timeout, options.TotalRequestTimeout.Timeout, client.Timeout);
    }

    /// <summary>Both attempts of the apply were answered 200, and B holds A's cluster timing in one new revision.</summary>
    private async Task AssertTheApplyLandedOnceAsync(int revisionsBefore)
    {
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], _link.Calls.Where(c => c.Path == ApplyPath).Select(c => c.Status));
        var clusterOfB = await _adminB.GetOkAsync("/api/configuration/cluster");
        Assert.Equal((2500, 6), ((int)clusterOfB["heartbeatIntervalMs"]!, (int)clusterOfB["failoverHeartbeats"]!));
        Assert.Equal(revisionsBefore + 1, await ClusterRevisionsOfBAsync());
    }

    private async Task<int> ClusterRevisionsOfBAsync() => (await _adminB.GetArrayAsync("/api/configuration/revisions?section=cluster")).Count;

    private async Task SaveClusterTimingAsync(int heartbeatIntervalMs, int failoverHeartbeats)
    {
        var cluster = await _adminA.GetOkAsync("/api/configuration/cluster");
        using var save = await _adminA.Put("/api/configuration/cluster", new { version = (int)cluster["version"]!, heartbeatIntervalMs, failoverHeartbeats });
        await save.ShouldBeOkAsync();
    }

    private async Task<JsonObject> SynchronizeAsync()
    {
        using var response = await _adminA.Post("/api/cluster/synchronize", new { nodeIds = new[] { _nodeB } });
        var outcomes = (await response.ShouldBeAsync(HttpStatusCode.OK))!.AsArray();
        return Assert.Single(outcomes)!.AsObject();
    }

    private static async Task UseOrchestratorDatabaseAsync(HttpClient admin, string database)
    {
        var server = TestPostgres.Admin;
        using var save = await admin.Put("/api/configuration/database", new
        {
            type = "PostgreSQL",
            host = server.Host,
            port = server.Port,
            databaseName = database,
            userName = server.Username,
            password = server.Password,
            version = (int)(await admin.GetOkAsync("/api/configuration/database"))["version"]!,
        });
        await save.ShouldBeOkAsync();
    }

    private static async Task AddNodeRecordAsync(string database, JsonObject node, string publicUrl)
    {
        await using var connection = new Npgsql.NpgsqlConnection(TestPostgres.ConnectionStringFor(database));
        await connection.OpenAsync(Ct);
        await using var insert = new Npgsql.NpgsqlCommand(
            "INSERT INTO cluster_nodes (node_id, name, public_url, product_version, instance_nonce, state, last_heartbeat, started_at) " +
            "VALUES (@id, @name, @url, @version, gen_random_uuid(), 'Stopped', now(), now())",
            connection);
        insert.Parameters.AddWithValue("id", Guid.Parse((string)node["nodeId"]!));
        insert.Parameters.AddWithValue("name", (string)node["name"]!);
        insert.Parameters.AddWithValue("url", publicUrl);
        insert.Parameters.AddWithValue("version", (string)node["productVersion"]!);
        await insert.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>Node B: its settings store on PostgreSQL, through <paramref name="store"/>.</summary>
    private sealed class ReceivingConsole(string settingsDatabase, OverlappingCommit store) : ConsoleFactory(new Dictionary<string, string?>
    {
        ["Node:SettingsStore:Provider"] = "Postgres",
        ["Node:SettingsStore:ConnectionString"] = TestPostgres.ConnectionStringFor(settingsDatabase),
    })
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.ConfigureDbContext<PostgresSettingsDbContext>(o => o.AddInterceptors(store)));
        }
    }

    /// <summary>Node A: every HTTP client it creates reaches node B through <paramref name="link"/>.</summary>
    private sealed class SendingConsole(LossyLink link) : ConsoleFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.ConfigureAll<HttpClientFactoryOptions>(o =>
                o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = link.HandlerFor(b.Name ?? string.Empty))));
        }
    }
}
