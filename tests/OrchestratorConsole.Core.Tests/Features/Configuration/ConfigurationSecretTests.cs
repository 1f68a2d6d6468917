using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Logs;

namespace OrchestratorConsole.Core.Tests.Features.Configuration;

/// <summary>Secrets: kept, cleared, encrypted at rest and never written in clear, on each settings store.</summary>
public abstract class ConfigurationSecretTests(NodeStore store) : ConfigurationNodeTest(store)
{
    [Fact]
    public async Task A_secret_sent_as_null_keeps_the_stored_one_and_an_empty_secret_clears_it()
    {
        var admin = TestActors.Administrator();
        await SavePostgresSettingsAsync(Secret);

        var kept = await Configuration.SaveAsync(admin, "database", new JsonObject { ["host"] = "db2.example.com", ["password"] = null }, 2, null, cancellationToken: Ct);

        Assert.Null(kept.Values["password"]);
        Assert.True(kept.Values["passwordHasValue"]!.GetValue<bool>());
        Assert.Equal(Secret, (await Configuration.GetAsync<DatabaseSettings>(Ct)).Settings.Password);

        var cleared = await Configuration.SaveAsync(admin, "database", new JsonObject { ["password"] = "" }, 3, null, cancellationToken: Ct);

        Assert.Equal(4, cleared.Version);
        Assert.False(cleared.Values["passwordHasValue"]!.GetValue<bool>());
        Assert.Null((await Configuration.GetAsync<DatabaseSettings>(Ct)).Settings.Password);
    }

    [Fact]
    public async Task A_typed_save_with_a_null_secret_keeps_the_stored_one()
    {
        await SavePostgresSettingsAsync(Secret);
        var current = await Configuration.GetAsync<DatabaseSettings>(Ct);

        var saved = await Configuration.SaveAsync(TestActors.Administrator(), current.Settings with { Port = 5433, Password = null }, current.Version, "port", Ct);

        Assert.Equal(5433, saved.Settings.Port);
        Assert.Equal(Secret, saved.Settings.Password);
        Assert.Equal(current.Version + 1, saved.Version);
    }

    [Fact]
    public async Task Secrets_are_stored_encrypted_and_never_in_clear()
    {
        await SavePostgresSettingsAsync(Secret);

        var stored = (await RawRevisionsAsync("database")).Last();

        Assert.DoesNotContain(Secret, stored.Values);
        var password = JsonNode.Parse(stored.Values)!["password"]!.GetValue<string>();
        Assert.StartsWith("dp:", password);
        Assert.Equal(Secret, Node.Get<SecretProtector>().Unprotect(password));
        Assert.DoesNotContain(Secret, (await Configuration.GetViewAsync("database", Ct)).Values.ToJsonString());
    }

    [Fact]
    public async Task A_secret_never_reaches_the_log_the_audit_trail_or_any_file_of_the_node_even_at_level_ALL()
    {
        var admin = TestActors.Administrator();
        await Configuration.SaveAsync(admin, "log", new JsonObject { ["level"] = "ALL" }, 1, null, cancellationToken: Ct);
        var unreachable = TestDatabases.Postgres("postgres") with { Password = Secret };
        await Configuration.SaveAsync(admin, "database", new JsonObject { ["type"] = "PostgreSQL", ["host"] = unreachable.Host, ["port"] = unreachable.Port, ["databaseName"] = "postgres", ["userName"] = unreachable.UserName, ["password"] = Secret }, 1, null, cancellationToken: Ct);
        // A failing connection with the secret, and a status refresh that logs why it failed.
        var result = await Node.Get<DatabaseConnectionTester>().TestAsync(unreachable, clusterMode: false, Ct);
        Assert.False(result.Ok);
        await Node.Get<DatabaseStatusService>().RefreshAsync(Ct);

        Assert.DoesNotContain(Node.Get<NodeLog>().Recent(NodeLog.Capacity), l => l.Contains(Secret, StringComparison.Ordinal));
        await using (var db = Node.CreateDbContext())
        {
            Assert.DoesNotContain(await db.AuditEvents.Select(e => e.Detail).ToListAsync(Ct), d => d != null && d.Contains(Secret));
            Assert.DoesNotContain(await db.Revisions.Select(r => r.Values).ToListAsync(Ct), v => v.Contains(Secret));
        }

        await Node.StopAsync();
        var secretBytes = System.Text.Encoding.UTF8.GetBytes(Secret);
        foreach (var file in Directory.GetFiles(Node.DataDirectory, "*", SearchOption.AllDirectories))
        {
            Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(secretBytes) < 0, $"{Path.GetFileName(file)} holds the secret in clear.");
        }
    }
}
