using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.Core.Tests.Features.Node;

/// <summary>The red/green state of every section.</summary>
public sealed class NodeValidationServiceTests : IAsyncLifetime
{
    private NodeHost _node = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _node = await NodeHost.StartAsync(NodeStore.Sqlite, Ct);

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Every_section_of_a_fresh_node_is_green()
    {
        var validation = await _node.Get<NodeValidationService>().ValidateAsync(Ct);

        Assert.Equal([.. ConfigurationRegistry.BuiltIn.Select(s => s.Name), "plugins"], validation.Select(v => v.Section));
        Assert.All(validation, v =>
        {
            Assert.True(v.Valid, $"{v.Section}: {string.Join(" ", v.Messages)}");
            Assert.Empty(v.Messages);
        });
    }

    [Fact]
    public async Task PostgreSQL_settings_that_point_at_a_refused_port_turn_only_the_database_red_with_the_reason()
    {
        var configuration = _node.Get<ConfigurationService>();
        var unreachable = new JsonObject
        {
            ["type"] = "PostgreSQL",
            ["host"] = "127.0.0.1",
            ["port"] = 1,
            ["databaseName"] = "vco",
            ["userName"] = "vco",
            ["password"] = "Vco!pass1",
        };
        await configuration.SaveAsync(TestActors.Administrator(), "database", unreachable, 1, null, cancellationToken: Ct);
        await _node.Get<DatabaseStatusService>().RefreshAsync(Ct);

        var validation = await _node.Get<NodeValidationService>().ValidateAsync(Ct);

        var database = Assert.Single(validation, v => v.Section == "database");
        Assert.False(database.Valid);
        Assert.StartsWith("Nothing accepts connections at 127.0.0.1:1", Assert.Single(database.Messages));
        Assert.All(validation.Where(v => v.Section != "database"), v => Assert.True(v.Valid));
    }

    [Fact]
    public async Task A_reachable_PostgreSQL_database_without_the_schema_is_red_until_installed()
    {
        var settings = await TestDatabases.FreshPostgresAsync();
        var configuration = _node.Get<ConfigurationService>();
        await configuration.SaveAsync(TestActors.Administrator(), settings with { Password = settings.Password }, 1, null, Ct);
        var status = _node.Get<DatabaseStatusService>();
        await status.RefreshAsync(Ct);

        var before = Assert.Single(await _node.Get<NodeValidationService>().ValidateAsync(Ct), v => v.Section == "database");
        await _node.Get<OrchestratorSchemaService>().InstallAsync(TestActors.Administrator(), settings, cancellationToken: Ct);
        await status.RefreshAsync(Ct);
        var after = Assert.Single(await _node.Get<NodeValidationService>().ValidateAsync(Ct), v => v.Section == "database");

        Assert.False(before.Valid);
        Assert.Contains("not installed", Assert.Single(before.Messages));
        Assert.True(after.Valid);
    }
}
