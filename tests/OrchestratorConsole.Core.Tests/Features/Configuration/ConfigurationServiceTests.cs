using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Logs;

namespace OrchestratorConsole.Core.Tests.Features.Configuration;

public sealed class ConfigurationServiceOnSqliteTests() : ConfigurationServiceTests(NodeStore.Sqlite);

public sealed class ConfigurationServiceOnPostgresTests() : ConfigurationServiceTests(NodeStore.Postgres);

/// <summary>Revisions, conflicts, validation, roles and secrets, on each settings store.</summary>
public abstract class ConfigurationServiceTests(NodeStore store) : IAsyncLifetime
{
    private const string Secret = "Pa55word!only-in-memory";
    private const string OtherSecret = "Other!Secret-42";

    private NodeHost _node = null!;

    private ConfigurationService Configuration => _node.Get<ConfigurationService>();

    private FakeTimeProvider Clock => _node.Clock;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var start = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
        _node = await NodeHost.StartAsync(new NodeHostOptions { Store = store, Time = new FakeTimeProvider(start) }, Ct);
    }

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_fresh_node_has_version_1_of_every_section_written_by_the_system()
    {
        var history = await Configuration.ListRevisionsAsync(null, 0, 500, Ct);

        Assert.Equal(ConfigurationRegistry.Sections.Select(s => s.Name).Order(), history.Items.Select(r => r.Section).Order());
        Assert.All(history.Items, r =>
        {
            Assert.Equal(1, r.Version);
            Assert.Equal("system", r.Author);
        });
        foreach (var section in ConfigurationRegistry.Sections)
        {
            Assert.Equal(1, (await Configuration.GetViewAsync(section.Name, Ct)).Version);
        }
    }

    [Fact]
    public async Task A_save_creates_a_revision_with_author_time_and_comment()
    {
        Clock.Advance(TimeSpan.FromMinutes(5));
        var savedAt = Clock.GetUtcNow();

        var view = await Configuration.SaveAsync(TestActors.Administrator("alice"), "general", new JsonObject { ["name"] = "node-a" }, 1, "  Rename for the rack  ", cancellationToken: Ct);

        Assert.Equal(2, view.Version);
        Assert.Equal("node-a", view.Values["name"]!.GetValue<string>());
        var latest = (await Configuration.ListRevisionsAsync("general", 0, 10, Ct)).Items[0];
        Assert.Equal(2, latest.Version);
        Assert.Equal("alice", latest.Author);
        Assert.Equal(savedAt, latest.Time);
        Assert.Equal("Rename for the rack", latest.Comment);
    }

    [Fact]
    public async Task A_save_leaves_earlier_revisions_as_they_were()
    {
        var admin = TestActors.Administrator();
        await Configuration.SaveAsync(admin, "general", new JsonObject { ["name"] = "node-a" }, 1, null, cancellationToken: Ct);
        var before = await RawRevisionsAsync("general");

        Clock.Advance(TimeSpan.FromHours(1));
        await Configuration.SaveAsync(admin, "general", new JsonObject { ["name"] = "node-b" }, 2, null, cancellationToken: Ct);
        var after = await RawRevisionsAsync("general");

        Assert.Equal(3, after.Count);
        foreach (var old in before)
        {
            var same = Assert.Single(after, r => r.Id == old.Id);
            Assert.Equal((old.Version, old.Author, old.Time, old.Values), (same.Version, same.Author, same.Time, same.Values));
        }

        Assert.Equal("node-b", (await Configuration.GetAsync<GeneralSettings>(Ct)).Settings.Name);
    }

    [Fact]
    public async Task A_save_on_a_stale_version_is_refused_naming_who_saved_first_and_writes_nothing()
    {
        await Configuration.SaveAsync(TestActors.Administrator("bob"), "general", new JsonObject { ["name"] = "bobs-node" }, 1, null, cancellationToken: Ct);
        var count = await RevisionCountAsync();

        var conflict = await Assert.ThrowsAsync<ConflictException>(() =>
            Configuration.SaveAsync(TestActors.Administrator("alice"), "general", new JsonObject { ["name"] = "alices-node" }, 1, null, cancellationToken: Ct));

        Assert.Contains("bob", conflict.Message);
        Assert.Contains("version 2", conflict.Message);
        Assert.Equal(count, await RevisionCountAsync());
        Assert.Equal("bobs-node", (await Configuration.GetAsync<GeneralSettings>(Ct)).Settings.Name);
    }

    [Fact]
    public async Task Two_saves_on_the_same_version_at_once_land_exactly_one_revision_and_the_other_conflicts()
    {
        var count = await RevisionCountAsync();

        var outcomes = await Task.WhenAll(
            Outcome(() => Configuration.SaveAsync(TestActors.Administrator("alice"), "general", new JsonObject { ["name"] = "from-alice" }, 1, null, cancellationToken: Ct)),
            Outcome(() => Configuration.SaveAsync(TestActors.Administrator("bob"), "general", new JsonObject { ["name"] = "from-bob" }, 1, null, cancellationToken: Ct)));

        Assert.Single(outcomes, o => o is null);
        Assert.IsType<ConflictException>(Assert.Single(outcomes, o => o is not null));
        Assert.Equal(count + 1, await RevisionCountAsync());
        var revisions = await RawRevisionsAsync("general");
        Assert.Equal([1, 2], revisions.Select(r => r.Version));
    }

    [Fact]
    public async Task Two_saves_at_once_from_separate_service_instances_land_exactly_one_revision()
    {
        // A second ConfigurationService with an empty cache of its own, on the same store: the store itself refuses the second write.
        var other = new ConfigurationService(
            _node.Get<IDbContextFactory<Data.SettingsDbContext>>(),
            _node.Get<SecretProtector>(),
            _node.Get<Core.Features.Audit.AuditService>(),
            new ConfigurationEvents(),
            Clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ConfigurationService>.Instance);
        await other.GetAsync<GeneralSettings>(Ct);
        await Configuration.GetAsync<GeneralSettings>(Ct);

        var outcomes = await Task.WhenAll(
            Outcome(() => Configuration.SaveAsync(TestActors.Administrator("alice"), "general", new JsonObject { ["name"] = "from-alice" }, 1, null, cancellationToken: Ct)),
            Outcome(() => other.SaveAsync(TestActors.Administrator("bob"), "general", new JsonObject { ["name"] = "from-bob" }, 1, null, cancellationToken: Ct)));

        Assert.Single(outcomes, o => o is null);
        Assert.IsType<ConflictException>(Assert.Single(outcomes, o => o is not null));
        Assert.Equal([1, 2], (await RawRevisionsAsync("general")).Select(r => r.Version));
    }

    [Fact]
    public async Task Invalid_values_are_refused_per_field_and_nothing_is_written()
    {
        var count = await RevisionCountAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Configuration.SaveAsync(
            TestActors.Administrator(),
            "cluster",
            new JsonObject { ["activeNodes"] = 0, ["heartbeatIntervalMs"] = 100, ["failoverHeartbeats"] = 12 },
            1,
            null,
            cancellationToken: Ct));

        Assert.Equal(["activeNodes", "heartbeatIntervalMs"], error.Errors.Keys.Order());
        Assert.Contains("between 1 and 32", error.Errors["activeNodes"][0]);
        Assert.Contains("between 500 and 60000", error.Errors["heartbeatIntervalMs"][0]);
        Assert.Equal(count, await RevisionCountAsync());
        Assert.Equal(1, (await Configuration.GetViewAsync("cluster", Ct)).Version);
    }

    [Fact]
    public async Task A_value_of_the_wrong_kind_names_the_field()
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Configuration.SaveAsync(TestActors.Administrator(), "cluster", new JsonObject { ["activeNodes"] = "many" }, 1, null, cancellationToken: Ct));

        Assert.Equal("activeNodes", Assert.Single(error.Errors.Keys));
        Assert.Contains("whole number", error.Errors["activeNodes"][0]);
    }

    [Fact]
    public async Task Database_fields_are_checked_for_PostgreSQL()
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Configuration.SaveAsync(
            TestActors.Administrator(),
            "database",
            new JsonObject { ["type"] = "PostgreSQL", ["host"] = "bad host!", ["port"] = 70000 },
            1,
            null,
            cancellationToken: Ct));

        Assert.Equal(["databaseName", "host", "port", "userName"], error.Errors.Keys.Order());
    }

    [Fact]
    public async Task A_reviewer_may_not_save_and_nothing_is_written()
    {
        var count = await RevisionCountAsync();

        var error = await Assert.ThrowsAsync<ForbiddenException>(() =>
            Configuration.SaveAsync(TestActors.Reviewer("rita"), "general", new JsonObject { ["name"] = "x" }, 1, null, cancellationToken: Ct));

        Assert.Contains("Administrator", error.Message);
        Assert.Contains("rita", error.Message);
        Assert.Equal(count, await RevisionCountAsync());
    }

    [Fact]
    public async Task A_reviewer_may_not_restore_a_revision()
    {
        var first = (await Configuration.ListRevisionsAsync("general", 0, 1, Ct)).Items[0];

        await Assert.ThrowsAsync<ForbiddenException>(() => Configuration.RestoreAsync(TestActors.Reviewer(), first.Id, null, Ct));
    }

    [Fact]
    public async Task A_save_without_a_version_is_refused_naming_the_version_field()
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Configuration.SaveAsync(TestActors.Administrator(), "general", new JsonObject { ["name"] = "x" }, null, null, cancellationToken: Ct));

        Assert.Equal("version", Assert.Single(error.Errors.Keys));
    }

    [Fact]
    public async Task An_unknown_section_is_not_found_and_lists_the_sections()
    {
        var error = await Assert.ThrowsAsync<NotFoundException>(() => Configuration.GetViewAsync("plugins-typo", Ct));

        Assert.Contains("general", error.Message);
    }

    [Fact]
    public async Task Fields_left_out_keep_their_values()
    {
        var admin = TestActors.Administrator();
        await Configuration.SaveAsync(admin, "general", new JsonObject { ["name"] = "node-a", ["description"] = "rack 4" }, 1, null, cancellationToken: Ct);

        var view = await Configuration.SaveAsync(admin, "general", new JsonObject { ["description"] = "rack 5" }, 2, null, cancellationToken: Ct);

        Assert.Equal("node-a", view.Values["name"]!.GetValue<string>());
        Assert.Equal("rack 5", view.Values["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_and_read_only_fields_sent_back_from_a_read_are_ignored()
    {
        await SavePostgresSettingsAsync(Secret);
        var read = await Configuration.GetViewAsync("database", Ct);
        var body = (JsonObject)read.Values.DeepClone();
        body["host"] = "db2.example.com";
        body["version"] = read.Version;
        body["somethingElse"] = 1;

        var view = await Configuration.SaveAsync(TestActors.Administrator(), "database", body, read.Version, null, cancellationToken: Ct);

        Assert.Equal("db2.example.com", view.Values["host"]!.GetValue<string>());
        Assert.Equal(Secret, (await Configuration.GetAsync<DatabaseSettings>(Ct)).Settings.Password);
    }

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
        Assert.Equal(Secret, _node.Get<SecretProtector>().Unprotect(password));
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
        var result = await _node.Get<DatabaseConnectionTester>().TestAsync(unreachable, clusterMode: false, Ct);
        Assert.False(result.Ok);
        await _node.Get<DatabaseStatusService>().RefreshAsync(Ct);

        Assert.DoesNotContain(_node.Get<NodeLog>().Recent(NodeLog.Capacity), l => l.Contains(Secret, StringComparison.Ordinal));
        await using (var db = _node.CreateDbContext())
        {
            Assert.DoesNotContain(await db.AuditEvents.Select(e => e.Detail).ToListAsync(Ct), d => d != null && d.Contains(Secret));
            Assert.DoesNotContain(await db.Revisions.Select(r => r.Values).ToListAsync(Ct), v => v.Contains(Secret));
        }

        await _node.StopAsync();
        var secretBytes = System.Text.Encoding.UTF8.GetBytes(Secret);
        foreach (var file in Directory.GetFiles(_node.DataDirectory, "*", SearchOption.AllDirectories))
        {
            Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(secretBytes) < 0, $"{Path.GetFileName(file)} holds the secret in clear.");
        }
    }

    [Fact]
    public async Task A_diff_lists_only_the_changed_fields_and_never_a_secret_value()
    {
        var admin = TestActors.Administrator();
        await SavePostgresSettingsAsync(Secret);
        await Configuration.SaveAsync(admin, "database", new JsonObject { ["host"] = "db2.example.com", ["password"] = OtherSecret }, 2, null, cancellationToken: Ct);
        var revisions = await RawRevisionsAsync("database");

        var diff = await Configuration.DiffAsync(revisions[1].Id, revisions[2].Id, Ct);

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

        var diff = await Configuration.DiffAsync(revisions[0].Id, revisions[1].Id, Ct);

        var password = Assert.Single(diff.Fields, f => f.Field == "password");
        Assert.Equal(("(not set)", "(set)"), (password.Before, password.After));
        Assert.Contains(diff.Fields, f => f is { Field: "type", Before: "Embedded", After: "PostgreSQL" });
        Assert.DoesNotContain(diff.Fields, f => f.Field == "useSsl");
    }

    [Fact]
    public async Task A_diff_of_an_unknown_revision_is_not_found()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Configuration.DiffAsync(1, 999_999, Ct));
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
        var latest = (await Configuration.ListRevisionsAsync("database", 0, 1, Ct)).Items[0];
        Assert.Equal(("bob", 4, Clock.GetUtcNow()), (latest.Author, latest.Version, latest.Time));
        Assert.Contains("Restored revision 2", latest.Comment);
        Assert.Contains($"restore of revision {oldRevision.Id}", latest.Source);
        Assert.Equal(4, (await RawRevisionsAsync("database")).Count);
        var audit = await _node.Get<Core.Features.Audit.AuditService>().QueryAsync(new Core.Features.Audit.AuditQuery(User: "bob", Action: "configuration.restore"), Ct);
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
    public async Task Cluster_mode_is_refused_while_the_database_is_Embedded()
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Configuration.SaveAsync(TestActors.Administrator(), "cluster", new JsonObject { ["clusterMode"] = true }, 1, null, cancellationToken: Ct));

        Assert.Equal(ClusterRules.EmbeddedRefusal, Assert.Single(error.Errors["clusterMode"]));
        Assert.False((await Configuration.GetAsync<ClusterSettings>(Ct)).Settings.ClusterMode);
    }

    [Fact]
    public async Task Cluster_mode_is_accepted_on_PostgreSQL_and_then_Embedded_is_refused()
    {
        await SavePostgresSettingsAsync(Secret);
        await Configuration.SaveAsync(TestActors.Administrator(), "cluster", new JsonObject { ["clusterMode"] = true }, 1, null, cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Configuration.SaveAsync(TestActors.Administrator(), "database", new JsonObject { ["type"] = "Embedded" }, 2, null, cancellationToken: Ct));

        Assert.Equal(ClusterRules.EmbeddedRefusal, Assert.Single(error.Errors["type"]));
    }

    [Fact]
    public async Task A_save_of_the_log_section_raises_section_saved_for_log()
    {
        var saved = new List<string>();
        _node.Get<ConfigurationEvents>().SectionSaved += saved.Add;

        await Configuration.SaveAsync(TestActors.Administrator(), "log", new JsonObject { ["level"] = "DEBUG" }, 1, null, cancellationToken: Ct);

        Assert.Equal(["log"], saved);
    }

    [Fact]
    public async Task A_save_that_changes_nothing_writes_no_revision_and_raises_nothing()
    {
        var saved = new List<string>();
        _node.Get<ConfigurationEvents>().SectionSaved += saved.Add;
        var count = await RevisionCountAsync();

        var view = await Configuration.SaveAsync(TestActors.Administrator(), "log", new JsonObject { ["level"] = "INFO" }, 1, null, cancellationToken: Ct);

        Assert.Equal(1, view.Version);
        Assert.Equal(count, await RevisionCountAsync());
        Assert.Empty(saved);
    }

    [Fact]
    public async Task Every_save_is_an_audit_event_naming_the_section_and_the_user()
    {
        await Configuration.SaveAsync(TestActors.Administrator("alice"), "startup", new JsonObject { ["startServerOnLaunch"] = true }, 1, "boot", cancellationToken: Ct);

        var events = await _node.Get<Core.Features.Audit.AuditService>().QueryAsync(new Core.Features.Audit.AuditQuery(User: "alice", Action: "configuration.save"), Ct);

        var saved = Assert.Single(events.Items);
        Assert.Equal("startup", saved.Section);
        Assert.Contains("version 2", saved.Detail);
    }

    [Fact]
    public async Task Saved_values_and_history_survive_a_restart_of_the_node()
    {
        await SavePostgresSettingsAsync(Secret);
        var dataDirectory = _node.DataDirectory;
        var database = _node.PostgresDatabase;
        var history = await Configuration.ListRevisionsAsync(null, 0, 500, Ct);

        // Stop the node without deleting its directory, then start a new process-like host on it.
        var restarted = await RestartAsync(dataDirectory, database);
        await using (restarted)
        {
            var configuration = restarted.Get<ConfigurationService>();
            Assert.Equal(Secret, (await configuration.GetAsync<DatabaseSettings>(Ct)).Settings.Password);
            Assert.Equal(history.Items.Select(r => r.Id), (await configuration.ListRevisionsAsync(null, 0, 500, Ct)).Items.Select(r => r.Id));
        }
    }

    private async Task<NodeHost> RestartAsync(string dataDirectory, string? database)
    {
        var keep = new NodeHostOptions { Store = store, DataDirectory = dataDirectory, PostgresDatabase = database };
        await _node.StopAsync();
        return await NodeHost.StartAsync(keep, Ct);
    }

    private async Task SavePostgresSettingsAsync(string password)
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

    private async Task<int> RevisionCountAsync()
    {
        await using var db = _node.CreateDbContext();
        return await db.Revisions.CountAsync(Ct);
    }

    private async Task<List<ConfigurationRevision>> RawRevisionsAsync(string section)
    {
        await using var db = _node.CreateDbContext();
        return await db.Revisions.AsNoTracking().Where(r => r.Section == section).OrderBy(r => r.Version).ToListAsync(Ct);
    }

    private static async Task<Exception?> Outcome(Func<Task> save)
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
