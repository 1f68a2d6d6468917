using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;

namespace OrchestratorConsole.Core.Tests.Features.Database;

/// <summary>The last known state of the saved Orchestrator database, behind the red/green rule.</summary>
public sealed class DatabaseStatusServiceTests : IAsyncLifetime
{
    private NodeHost _node = null!;

    private DatabaseStatusService Status => _node.Get<DatabaseStatusService>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _node = await NodeHost.StartAsync(NodeStore.Sqlite, Ct);

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_fresh_node_knows_its_embedded_database_is_good()
    {
        var status = await Status.GetAsync(Ct);

        Assert.NotNull(status);
        Assert.True(status.IsGood);
    }

    [Fact]
    public async Task A_save_of_the_database_section_refreshes_the_state_for_the_new_settings()
    {
        var settings = await TestDatabases.FreshPostgresAsync();
        var refreshed = new TaskCompletionSource<DatabaseStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        Status.Changed += s => refreshed.TrySetResult(s);

        await SaveAsync(settings);
        var status = await refreshed.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.True(status.Reachable);
        Assert.False(status.IsGood);
        Assert.False(status.Schema!.Installed);
        Assert.Contains("not installed", status.Message);
        Assert.Equal(status, await Status.GetAsync(Ct));
    }

    [Fact]
    public async Task A_state_checked_for_other_settings_is_never_shown_for_the_saved_ones()
    {
        var good = await Status.GetAsync(Ct);
        Assert.NotNull(good);

        // Settings a refresh could not have checked yet: the state before them must not stand for them.
        var settings = await TestDatabases.FreshPostgresAsync();
        var saved = (await SaveAsync(settings)).Settings;

        var status = await Status.GetAsync(Ct);
        Assert.True(status is null || status.SettingsKey == DatabaseStatusService.KeyOf(saved));
    }

    [Fact]
    public async Task An_unreachable_database_is_not_good_and_says_why()
    {
        await SaveAsync(TestDatabases.Postgres("vco") with { Host = "127.0.0.1", Port = 1 });

        var status = await Status.RefreshAsync(Ct);

        Assert.False(status.Reachable);
        Assert.False(status.IsGood);
        Assert.StartsWith("Nothing accepts connections at 127.0.0.1:1", status.Message);
    }

    [Fact]
    public async Task A_refresh_after_an_install_turns_the_state_good()
    {
        var settings = await TestDatabases.FreshPostgresAsync();
        await SaveAsync(settings);
        await _node.Get<OrchestratorSchemaService>().InstallAsync(TestActors.Administrator(), settings, cancellationToken: Ct);

        var status = await Status.RefreshAsync(Ct);

        Assert.True(status.IsGood);
        Assert.Equal($"Schema version {status.Schema!.TargetVersion} is current.", status.Message);
    }

    private async Task<SectionState<DatabaseSettings>> SaveAsync(DatabaseSettings settings)
    {
        var configuration = _node.Get<ConfigurationService>();
        var current = await configuration.GetAsync<DatabaseSettings>(Ct);
        var changes = new JsonObject
        {
            ["type"] = settings.Type.ToString(),
            ["host"] = settings.Host,
            ["port"] = settings.Port,
            ["databaseName"] = settings.DatabaseName,
            ["userName"] = settings.UserName,
            ["password"] = settings.Password,
        };
        await configuration.SaveAsync(TestActors.Administrator(), "database", changes, current.Version, null, cancellationToken: Ct);
        return await configuration.GetAsync<DatabaseSettings>(Ct);
    }
}
