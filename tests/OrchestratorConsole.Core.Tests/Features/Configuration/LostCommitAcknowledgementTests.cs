using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Tests.Features.Configuration;

/// <summary>
/// Saves on the PostgreSQL settings store, whose execution strategy retries a commit that failed on a broken
/// connection: a commit that landed must not be written twice, nor answered as a conflict with itself.
/// </summary>
public sealed class LostCommitAcknowledgementTests : IAsyncLifetime
{
    private readonly CommitAcknowledgementLoss _connection = new();
    private NodeHost _node = null!;

    private ConfigurationService Configuration => _node.Get<ConfigurationService>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _node = await NodeHost.StartAsync(
            new NodeHostOptions
            {
                Store = NodeStore.Postgres,
                Services = services => services.ConfigureDbContext<PostgresSettingsDbContext>(o => o.AddInterceptors(_connection)),
            },
            Ct);

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_save_whose_commit_landed_but_whose_acknowledgement_was_lost_answers_success_with_one_revision()
    {
        _connection.LoseNextAcknowledgement(ConfigurationRegistry.General);

        var view = await Configuration.SaveAsync(TestActors.Administrator("alice"), ConfigurationRegistry.General, new JsonObject { ["name"] = "node-a" }, 1, "Rename", cancellationToken: Ct);

        Assert.Equal(1, _connection.Faults);
        Assert.Equal(2, view.Version);
        Assert.Equal("node-a", (string?)view.Values["name"]);
        var revisions = await RevisionsAsync(ConfigurationRegistry.General);
        Assert.Equal([1, 2], revisions.Select(r => r.Version));
        Assert.Equal(("alice", "Rename"), (revisions[1].Author, revisions[1].Comment));
        Assert.Equal(1, await SaveEventsAsync(ConfigurationRegistry.General));
    }

    [Fact]
    public async Task A_save_of_several_sections_whose_acknowledgement_was_lost_returns_the_revisions_that_landed()
    {
        _connection.LoseNextAcknowledgement(ConfigurationRegistry.Log);
        var save = new ConfigurationSave(TestActors.Administrator("alice"), [
            new SectionChange(ConfigurationRegistry.General, new JsonObject { ["name"] = "node-a" }, 1),
            new SectionChange(ConfigurationRegistry.Log, new JsonObject { ["level"] = "DEBUG" }, 1),
        ]);

        var saved = await Configuration.SaveManyAsync(save, Ct);

        Assert.Equal(1, _connection.Faults);
        var general = Assert.Single(await RevisionsAsync(ConfigurationRegistry.General), r => r.Version == 2);
        var log = Assert.Single(await RevisionsAsync(ConfigurationRegistry.Log), r => r.Version == 2);
        Assert.Equal([(general.Id, ConfigurationRegistry.General, 2), (log.Id, ConfigurationRegistry.Log, 2)], saved.Select(r => (r.Id, r.Section, r.Version)));
        Assert.Equal("DEBUG", (await Configuration.GetAsync<LogSettings>(Ct)).Settings.Level);
    }

    [Fact]
    public async Task A_save_whose_commit_broke_before_it_landed_is_retried_and_lands_once()
    {
        _connection.BreakNextCommit(ConfigurationRegistry.General);

        var view = await Configuration.SaveAsync(TestActors.Administrator("alice"), ConfigurationRegistry.General, new JsonObject { ["name"] = "node-a" }, 1, null, cancellationToken: Ct);

        Assert.Equal(1, _connection.Faults);
        Assert.Equal(2, view.Version);
        Assert.Equal([1, 2], (await RevisionsAsync(ConfigurationRegistry.General)).Select(r => r.Version));
        Assert.Equal(1, await SaveEventsAsync(ConfigurationRegistry.General));
    }

    private async Task<List<ConfigurationRevision>> RevisionsAsync(string section)
    {
        await using var db = _node.CreateDbContext();
        return await db.Revisions.AsNoTracking().Where(r => r.Section == section).OrderBy(r => r.Version).ToListAsync(Ct);
    }

    private async Task<int> SaveEventsAsync(string section)
    {
        await using var db = _node.CreateDbContext();
        return await db.AuditEvents.CountAsync(e => e.Action == "configuration.save" && e.Section == section, Ct);
    }
}
