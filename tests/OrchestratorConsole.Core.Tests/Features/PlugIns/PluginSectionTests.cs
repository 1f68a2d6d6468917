using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.PlugIns;

namespace OrchestratorConsole.Core.Tests.Features.PlugIns;

/// <summary>A plug-in's settings are a section of the one registry: read, saved, versioned, audited and restored like any other.</summary>
public sealed class PluginSectionTests : IAsyncLifetime
{
    private NodeHost _node = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ConfigurationService Configuration => _node.Get<ConfigurationService>();

    public async ValueTask InitializeAsync() => _node = await NodeHost.StartAsync(NodeStore.Sqlite, Ct);

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    private async Task<SectionView> SaveAsync(JsonObject changes, string user = "alice", string? comment = null)
    {
        var version = (await Configuration.GetViewAsync(ProbePlugin.Section, Ct)).Version;
        return await Configuration.SaveAsync(TestActors.Administrator(user), ProbePlugin.Section, changes, version, comment, Ct);
    }

    [Fact]
    public async Task Installing_a_plug_in_brings_its_section_with_the_schema_defaults_as_version_1()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Configuration.GetViewAsync(ProbePlugin.Section, Ct));

        await _node.InstallAsync(ProbePlugin.Package());

        var view = await Configuration.GetViewAsync(ProbePlugin.Section, Ct);
        Assert.Equal(1, view.Version);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["label"] = null, ["retries"] = 3, ["token"] = null, ["tokenHasValue"] = false }, view.Values), view.Values.ToJsonString());
        var section = Configuration.Registry.Require(ProbePlugin.Section);
        Assert.True(section.Flags.HasFlag(FieldFlags.ClusterRelevant));
        Assert.True(section.Field("token")!.IsSecret);
        var revision = Assert.Single((await Configuration.History.ListRevisionsAsync(ProbePlugin.Section, 0, 10, Ct)).Items);
        Assert.Equal("alice", revision.Author);
    }

    [Fact]
    public async Task A_save_is_a_revision_with_its_author_comment_and_audit_and_reads_back_redacted()
    {
        await _node.InstallAsync(ProbePlugin.Package());

        var saved = await SaveAsync(new JsonObject { ["label"] = "first", ["retries"] = JsonValue.Create(7L), ["token"] = "T0ken-value!" }, "bob", "probe settings");

        Assert.Equal(2, saved.Version);
        Assert.Equal("first", (string?)saved.Values["label"]);
        Assert.Equal(7, (int?)saved.Values["retries"]);
        Assert.Null(saved.Values["token"]);
        Assert.True((bool?)saved.Values["tokenHasValue"]);
        Assert.DoesNotContain("T0ken-value!", saved.Values.ToJsonString());
        var revision = (await Configuration.History.ListRevisionsAsync(ProbePlugin.Section, 0, 1, Ct)).Items.Single();
        Assert.Equal(("bob", "probe settings", 2), (revision.Author, revision.Comment, revision.Version));
        await using var db = _node.CreateDbContext();
        var stored = await db.Revisions.SingleAsync(r => r.Id == revision.Id, Ct);
        Assert.DoesNotContain("T0ken-value!", stored.Values);
        var audit = await _node.Get<AuditService>().QueryAsync(new AuditQuery(User: "bob", Action: "configuration.save"), Ct);
        Assert.Equal(ProbePlugin.Section, Assert.Single(audit.Items).Section);
    }

    [Fact]
    public async Task A_save_on_a_stale_version_is_refused_with_the_author_named_and_writes_nothing()
    {
        await _node.InstallAsync(ProbePlugin.Package());
        await SaveAsync(new JsonObject { ["label"] = "theirs" }, "carol");

        var error = await Assert.ThrowsAsync<StaleVersionException>(() =>
            Configuration.SaveAsync(TestActors.Administrator("dave"), ProbePlugin.Section, new JsonObject { ["label"] = "mine" }, 1, null, Ct));

        Assert.Contains("changed by carol", error.Message);
        Assert.Equal("theirs", (string?)(await Configuration.GetViewAsync(ProbePlugin.Section, Ct)).Values["label"]);
        Assert.Equal(2, (await Configuration.History.ListRevisionsAsync(ProbePlugin.Section, 0, 10, Ct)).Total);
    }

    [Theory]
    [InlineData("retries", "11", "Retries must be between 0 and 10.")]
    [InlineData("retries", "-1", "Retries must be between 0 and 10.")]
    [InlineData("retries", "\"three\"", "Retries must be a whole number.")]
    [InlineData("retries", "2.5", "Retries must be a whole number.")]
    [InlineData("label", "42", "Label must be text.")]
    public async Task A_value_of_the_wrong_kind_or_out_of_range_is_refused_naming_the_field(string field, string json, string message)
    {
        await _node.InstallAsync(ProbePlugin.Package());

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => SaveAsync(new JsonObject { [field] = JsonNode.Parse(json) }));

        Assert.Equal([message], error.Errors[field]);
        Assert.Equal(1, (await Configuration.GetViewAsync(ProbePlugin.Section, Ct)).Version);
    }

    [Fact]
    public async Task History_diffs_two_revisions_field_by_field_with_the_secret_only_as_changed_and_restores_an_old_one()
    {
        await _node.InstallAsync(ProbePlugin.Package());
        await SaveAsync(new JsonObject { ["label"] = "one", ["token"] = "first-secret" });
        await SaveAsync(new JsonObject { ["label"] = "two", ["retries"] = 5, ["token"] = "second-secret" });
        var revisions = (await Configuration.History.ListRevisionsAsync(ProbePlugin.Section, 0, 10, Ct)).Items;

        var diff = await Configuration.History.DiffAsync(revisions[1].Id, revisions[0].Id, Ct);

        Assert.Equal(["label", "retries", "token"], diff.Fields.Select(f => f.Field));
        Assert.Equal(("one", "two"), (diff.Fields[0].Before, diff.Fields[0].After));
        Assert.Equal(("(set)", "(set) (changed)", true), (diff.Fields[2].Before, diff.Fields[2].After, diff.Fields[2].Secret));
        Assert.DoesNotContain("secret", string.Join(" ", diff.Fields.Select(f => f.Before + f.After)));

        var restored = await Configuration.RestoreAsync(TestActors.Administrator("erin"), revisions[1].Id, null, Ct);

        Assert.Equal(4, restored.Version);
        Assert.Equal("one", (string?)restored.Values["label"]);
        Assert.Equal(3, (int?)restored.Values["retries"]);
        var clear = (await Configuration.ReadAsync(Configuration.Registry.Require(ProbePlugin.Section), Ct)).Values;
        Assert.Equal("first-secret", (string?)clear["token"]);
    }

    [Fact]
    public async Task An_upgrade_maps_the_settings_by_field_name_as_a_new_revision()
    {
        await _node.InstallAsync(ProbePlugin.Package());
        await SaveAsync(new JsonObject { ["label"] = "kept", ["retries"] = 9, ["token"] = "kept-secret" });

        await _node.InstallAsync(ProbePlugin.Package("2.0.0", fields =>
        {
            fields.RemoveAt(1); // retries goes
            fields.Add(new JsonObject { ["name"] = "timeout", ["label"] = "Timeout", ["type"] = "integer", ["default"] = 30 });
        }));

        var view = await Configuration.GetViewAsync(ProbePlugin.Section, Ct);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["label"] = "kept", ["token"] = null, ["tokenHasValue"] = true, ["timeout"] = 30 }, view.Values), view.Values.ToJsonString());
        Assert.Equal(3, view.Version);
        var latest = (await Configuration.History.ListRevisionsAsync(ProbePlugin.Section, 0, 1, Ct)).Items.Single();
        Assert.Contains("upgraded from 1.0.0 to 2.0.0", latest.Source);
    }

    [Fact]
    public async Task Uninstalling_takes_the_section_away_and_keeps_its_history_readable_without_values()
    {
        await _node.InstallAsync(ProbePlugin.Package());
        await SaveAsync(new JsonObject { ["label"] = "before-removal" });

        await _node.Get<PluginService>().UninstallAsync(TestActors.Administrator(), ProbePlugin.Id, Ct);

        await Assert.ThrowsAsync<NotFoundException>(() => Configuration.GetViewAsync(ProbePlugin.Section, Ct));
        var history = (await Configuration.History.ListRevisionsAsync(ProbePlugin.Section, 0, 10, Ct)).Items;
        Assert.Equal(2, history.Count);
        var diff = await Configuration.History.DiffAsync(history[1].Id, history[0].Id, Ct);
        var label = Assert.Single(diff.Fields);
        Assert.Equal(("label", true), (label.Field, label.Secret));
        Assert.DoesNotContain("before-removal", label.After);
        await Assert.ThrowsAsync<ConflictException>(() => Configuration.RestoreAsync(TestActors.Administrator(), history[1].Id, null, Ct));
    }

    [Fact]
    public async Task The_node_state_shows_a_plug_ins_row_in_amber_while_a_required_setting_is_missing()
    {
        var before = (await _node.Get<NodeValidationService>().ValidateAsync(Ct)).Single(v => v.Section == "plugins");
        Assert.Equal(("Plug-ins", "valid"), (before.Title, before.State));

        await _node.InstallAsync(ProbePlugin.Package());

        var missing = (await _node.Get<NodeValidationService>().ValidateAsync(Ct)).Single(v => v.Section == "plugins");
        Assert.Equal(("warning", true), (missing.State, missing.Valid));
        Assert.Equal(["Probe: Label is required and not set."], missing.Warnings);

        await SaveAsync(new JsonObject { ["label"] = "set" });

        Assert.Equal("valid", (await _node.Get<NodeValidationService>().ValidateAsync(Ct)).Single(v => v.Section == "plugins").State);
    }

    [Fact]
    public async Task A_restarted_node_knows_its_plug_in_sections_from_the_store()
    {
        await _node.InstallAsync(ProbePlugin.Package());
        await SaveAsync(new JsonObject { ["label"] = "survives" });
        var directory = _node.DataDirectory;
        await _node.StopAsync();

        await using var again = await NodeHost.StartAsync(new NodeHostOptions { DataDirectory = directory }, Ct);

        Assert.Equal("survives", (string?)(await again.Get<ConfigurationService>().GetViewAsync(ProbePlugin.Section, Ct)).Values["label"]);
    }
}
