using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Logs;

namespace OrchestratorConsole.Core.Tests.Features.Configuration;

/// <summary>Diffs, restores and what survives a restart, on each settings store.</summary>
public abstract class ConfigurationHistoryTests(NodeStore store) : ConfigurationNodeTest(store)
{
    [Fact]
    public async Task A_reviewer_may_not_restore_a_revision()
    {
        var first = (await Configuration.History.ListRevisionsAsync("general", 0, 1, Ct)).Items[0];

        await Assert.ThrowsAsync<ForbiddenException>(() => Configuration.RestoreAsync(TestActors.Reviewer(), first.Id, null, Ct));
    }

    [Fact]
    public async Task A_diff_lists_only_the_changed_fields_and_never_a_secret_value()
    {
        var admin = TestActors.Administrator();
        await SavePostgresSettingsAsync(Secret);
        await Configuration.SaveAsync(admin, "database", new JsonObject { ["host"] = "db2.example.com", ["password"] = OtherSecret }, 2, null, cancellationToken: Ct);
        var revisions = await RawRevisionsAsync("database");

        var diff = await Configuration.History.DiffAsync(revisions[1].Id, revisions[2].Id, Ct);

        Assert.Equal(["host", "password"], diff.Fields.Select(f => f.Field).Order());
        var host = Assert.Single(diff.Fields, f => f.Field == "host");
        Assert.Equal(("db1.example.com", "db2.example.com", false), (host.Before, host.After, host.Secret));
        var password = Assert.Single(diff.Fields, f => f.Field == "password");
        Assert.True(password.Secret);
        Assert.Equal("(set)", password.Before);
        Assert.Contains("changed", password.After);
        var text = string.Join("|", diff.Fields.Select(f => $"{f.Before}{f.After}"));
        Assert.DoesNotContain(Secret, text);
        Assert.DoesNotContain(OtherSecret, text);
        Assert.Equal((2, 3), (diff.From.Version, diff.To.Version));
    }

    [Fact]
    public async Task A_diff_from_the_initial_revision_shows_a_secret_only_as_set()
    {
        await SavePostgresSettingsAsync(Secret);
        var revisions = await RawRevisionsAsync("database");

        var diff = await Configuration.History.DiffAsync(revisions[0].Id, revisions[1].Id, Ct);

        var password = Assert.Single(diff.Fields, f => f.Field == "password");
        Assert.Equal(("(not set)", "(set)"), (password.Before, password.After));
        Assert.Contains(diff.Fields, f => f is { Field: "type", Before: "Embedded", After: "PostgreSQL" });
        Assert.DoesNotContain(diff.Fields, f => f.Field == "useSsl");
    }

    [Fact]
    public async Task A_diff_of_an_unknown_revision_is_not_found()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Configuration.History.DiffAsync(1, 999_999, Ct));
    }

    [Fact]
    public async Task Restore_creates_a_new_revision_equal_to_the_old_values_including_the_old_secret()
    {
        var admin = TestActors.Administrator("alice");
        await SavePostgresSettingsAsync(Secret);
        var old = await Configuration.GetAsync<DatabaseSettings>(Ct);
        await Configuration.SaveAsync(admin, "database", new JsonObject { ["host"] = "db2.example.com", ["password"] = OtherSecret, ["useSsl"] = true }, 2, null, cancellationToken: Ct);
        var oldRevision = (await RawRevisionsAsync("database"))[1];
        Clock.Advance(TimeSpan.FromMinutes(1));

        var view = await Configuration.RestoreAsync(TestActors.Administrator("bob"), oldRevision.Id, null, Ct);

        Assert.Equal(4, view.Version);
        var restored = await Configuration.GetAsync<DatabaseSettings>(Ct);
        Assert.Equal(old.Settings, restored.Settings);
        Assert.Equal(Secret, restored.Settings.Password);
        var latest = (await Configuration.History.ListRevisionsAsync("database", 0, 1, Ct)).Items[0];
        Assert.Equal(("bob", 4, Clock.GetUtcNow()), (latest.Author, latest.Version, latest.Time));
        Assert.StartsWith("Restored Database version 2, saved by ", latest.Comment, StringComparison.Ordinal);
        Assert.Contains($"restore of revision {oldRevision.Id}", latest.Source);
        Assert.Equal(4, (await RawRevisionsAsync("database")).Count);
        var audit = await Node.Get<Core.Features.Audit.AuditService>().QueryAsync(new Core.Features.Audit.AuditQuery(User: "bob", Action: "configuration.restore"), Ct);
        Assert.Equal("database", Assert.Single(audit.Items).Section);
    }

    [Fact]
    public async Task Merging_changes_for_a_test_keeps_the_saved_secret_when_none_is_sent_and_writes_nothing()
    {
        await SavePostgresSettingsAsync(Secret);
        var count = await RevisionCountAsync();

        var merged = await Configuration.MergeAsync<DatabaseSettings>(new JsonObject { ["host"] = "db9.example.com", ["password"] = null }, Ct);
        var replaced = await Configuration.MergeAsync<DatabaseSettings>(new JsonObject { ["password"] = OtherSecret }, Ct);

        Assert.Equal(("db9.example.com", Secret), (merged.Host, merged.Password));
        Assert.Equal(("db1.example.com", OtherSecret), (replaced.Host, replaced.Password));
        Assert.Equal(count, await RevisionCountAsync());
        Assert.Equal("db1.example.com", (await Configuration.GetAsync<DatabaseSettings>(Ct)).Settings.Host);
    }

    [Fact]
    public async Task Restore_of_a_revision_without_a_secret_clears_the_secret()
    {
        await SavePostgresSettingsAsync(Secret);
        await Configuration.SaveAsync(TestActors.Administrator(), "database", new JsonObject { ["type"] = "Embedded", ["host"] = null, ["databaseName"] = null, ["userName"] = null, ["password"] = "" }, 2, null, cancellationToken: Ct);
        await Configuration.SaveAsync(TestActors.Administrator(), "database", new JsonObject { ["type"] = "PostgreSQL", ["host"] = "db1.example.com", ["databaseName"] = "vco", ["userName"] = "vco", ["password"] = OtherSecret }, 3, null, cancellationToken: Ct);
        var embedded = (await RawRevisionsAsync("database"))[2];

        await Configuration.RestoreAsync(TestActors.Administrator(), embedded.Id, "back to embedded", Ct);

        var restored = (await Configuration.GetAsync<DatabaseSettings>(Ct)).Settings;
        Assert.Equal(DatabaseType.Embedded, restored.Type);
        Assert.Null(restored.Password);
    }

    [Fact]
    public async Task Saved_values_and_history_survive_a_restart_of_the_node()
    {
        await SavePostgresSettingsAsync(Secret);
        var dataDirectory = Node.DataDirectory;
        var database = Node.PostgresDatabase;
        var history = await Configuration.History.ListRevisionsAsync(null, 0, 500, Ct);

        // Stop the node without deleting its directory, then start a new process-like host on it.
        var restarted = await RestartAsync(dataDirectory, database);
        await using (restarted)
        {
            var configuration = restarted.Get<ConfigurationService>();
            Assert.Equal(Secret, (await configuration.GetAsync<DatabaseSettings>(Ct)).Settings.Password);
            Assert.Equal(history.Items.Select(r => r.Id), (await configuration.History.ListRevisionsAsync(null, 0, 500, Ct)).Items.Select(r => r.Id));
        }
    }
}
