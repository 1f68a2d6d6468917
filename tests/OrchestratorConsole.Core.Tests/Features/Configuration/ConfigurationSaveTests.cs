using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Logs;

namespace OrchestratorConsole.Core.Tests.Features.Configuration;

/// <summary>Revisions, conflicts, validation and roles, on each settings store.</summary>
public abstract class ConfigurationSaveTests(NodeStore store) : ConfigurationNodeTest(store)
{
    [Fact]
    public async Task A_fresh_node_has_version_1_of_every_section_written_by_the_system()
    {
        var history = await Configuration.History.ListRevisionsAsync(null, 0, 500, Ct);

        Assert.Equal(ConfigurationRegistry.BuiltIn.Select(s => s.Name).Order(), history.Items.Select(r => r.Section).Order());
        Assert.All(history.Items, r =>
        {
            Assert.Equal(1, r.Version);
            Assert.Equal("system", r.Author);
        });
        foreach (var section in ConfigurationRegistry.BuiltIn)
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
        var latest = (await Configuration.History.ListRevisionsAsync("general", 0, 10, Ct)).Items[0];
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

        var conflict = await Assert.ThrowsAsync<StaleVersionException>(() =>
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
        Assert.IsType<StaleVersionException>(Assert.Single(outcomes, o => o is not null));
        Assert.Equal(count + 1, await RevisionCountAsync());
        var revisions = await RawRevisionsAsync("general");
        Assert.Equal([1, 2], revisions.Select(r => r.Version));
    }

    [Fact]
    public async Task Two_saves_at_once_from_separate_service_instances_land_exactly_one_revision()
    {
        // A second ConfigurationService with an empty cache of its own, on the same store: the store itself refuses the second write.
        var other = new ConfigurationService(
            Node.Get<IDbContextFactory<Data.SettingsDbContext>>(),
            Node.Get<ConfigurationRegistry>(),
            Node.Get<ConfigurationHistory>(),
            Node.Get<SecretProtector>(),
            Node.Get<Core.Features.Audit.AuditService>(),
            new ConfigurationEvents(),
            Node.Get<Core.Features.Telemetry.ConsoleMetrics>(),
            Clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ConfigurationService>.Instance,
            []);
        await other.GetAsync<GeneralSettings>(Ct);
        await Configuration.GetAsync<GeneralSettings>(Ct);

        var outcomes = await Task.WhenAll(
            Outcome(() => Configuration.SaveAsync(TestActors.Administrator("alice"), "general", new JsonObject { ["name"] = "from-alice" }, 1, null, cancellationToken: Ct)),
            Outcome(() => other.SaveAsync(TestActors.Administrator("bob"), "general", new JsonObject { ["name"] = "from-bob" }, 1, null, cancellationToken: Ct)));

        Assert.Single(outcomes, o => o is null);
        Assert.IsType<StaleVersionException>(Assert.Single(outcomes, o => o is not null));
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
        Node.Get<ConfigurationEvents>().SectionSaved += saved.Add;

        await Configuration.SaveAsync(TestActors.Administrator(), "log", new JsonObject { ["level"] = "DEBUG" }, 1, null, cancellationToken: Ct);

        Assert.Equal(["log"], saved);
    }

    [Fact]
    public async Task A_save_that_changes_nothing_writes_no_revision_and_raises_nothing()
    {
        var saved = new List<string>();
        Node.Get<ConfigurationEvents>().SectionSaved += saved.Add;
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

        var events = await Node.Get<Core.Features.Audit.AuditService>().QueryAsync(new Core.Features.Audit.AuditQuery(User: "alice", Action: "configuration.save"), Ct);

        var saved = Assert.Single(events.Items);
        Assert.Equal("startup", saved.Section);
        Assert.Contains("version 2", saved.Detail);
    }
}
