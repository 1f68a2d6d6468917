using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Logs;

namespace OrchestratorConsole.Core.Tests.Features.Configuration;

/// <summary>A node on one of the settings stores, on a hand-moved clock, for the configuration service's tests.</summary>
public abstract class ConfigurationNodeTest(NodeStore store) : IAsyncLifetime
{
    protected const string Secret = "Pa55word!only-in-memory";
    protected const string OtherSecret = "Other!Secret-42";

    private NodeHost _node = null!;

    protected NodeHost Node => _node;

    protected ConfigurationService Configuration => _node.Get<ConfigurationService>();

    protected FakeTimeProvider Clock => _node.Clock;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var start = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
        _node = await NodeHost.StartAsync(new NodeHostOptions { Store = store, Time = new FakeTimeProvider(start) }, Ct);
    }

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    protected async Task<NodeHost> RestartAsync(string dataDirectory, string? database)
    {
        var keep = new NodeHostOptions { Store = store, DataDirectory = dataDirectory, PostgresDatabase = database };
        await _node.StopAsync();
        return await NodeHost.StartAsync(keep, Ct);
    }

    protected async Task SavePostgresSettingsAsync(string password)
    {
        var view = await Configuration.SaveAsync(
            TestActors.Administrator(),
            "database",
            new JsonObject
            {
                ["type"] = "PostgreSQL",
                ["host"] = "db1.example.com",
                ["databaseName"] = "vco",
                ["userName"] = "vco",
                ["password"] = password,
            },
            1,
            "PostgreSQL",
            cancellationToken: Ct);
        Assert.Equal(2, view.Version);
    }

    protected async Task<int> RevisionCountAsync()
    {
        await using var db = _node.CreateDbContext();
        return await db.Revisions.CountAsync(Ct);
    }

    protected async Task<List<ConfigurationRevision>> RawRevisionsAsync(string section)
    {
        await using var db = _node.CreateDbContext();
        return await db.Revisions.AsNoTracking().Where(r => r.Section == section).OrderBy(r => r.Version).ToListAsync(Ct);
    }

    protected static async Task<Exception?> Outcome(Func<Task> save)
    {
        try
        {
            await save();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
