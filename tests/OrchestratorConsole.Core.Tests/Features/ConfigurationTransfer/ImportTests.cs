using System.Security.Cryptography;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.ConfigurationTransfer;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Core.Tests.Features.PlugIns;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.ConfigurationTransfer;

/// <summary>Node A's export imported on node B: previewed without writing, applied atomically, recorded in the history.</summary>
public sealed class ImportTests : IAsyncLifetime
{
    private const string Mail = ExportTests.Mail;
    private const string Password = "Export-Pass-1!";
    private static readonly byte[] ClusterKey = RandomNumberGenerator.GetBytes(32);

    private NodeHost _a = null!;
    private NodeHost _b = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ConfigurationTransferService Transfer => _b.Get<ConfigurationTransferService>();

    private ConfigurationService Configuration => _b.Get<ConfigurationService>();

    public async ValueTask InitializeAsync()
    {
        _a = await NodeHost.StartAsync(NodeStore.Sqlite, Ct);
        _b = await NodeHost.StartAsync(NodeStore.Sqlite, Ct);
        await ExportTests.PlantSecretsAsync(_a);
        var configuration = _a.Get<ConfigurationService>();
        var general = await configuration.GetAsync<GeneralSettings>(Ct);
        await configuration.SaveAsync(TestActors.Administrator(), general.Settings with { Name = "node-a" }, general.Version, null, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private async Task<byte[]> ExportAsync(string? password) => (await _a.Get<ConfigurationTransferService>().ExportAsync(TestActors.Administrator(), password, Ct)).Content;

    private async Task<(int Revisions, string Fingerprint)> StateOfBAsync() =>
        ((await Configuration.History.ListRevisionsAsync(null, 0, 1, Ct)).Total, (await _b.Get<ConfigurationFingerprint>().ComputeAsync(ClusterKey, Ct)).Value);

    private Task<ImportResult> ApplyAsync(byte[] file, string? password, IReadOnlyList<string> sections, bool overrideIdentity = false) =>
        Transfer.ApplyAsync(TestActors.Administrator("bob"), new ImportRequest(file, password, "node-a.vmoconfig") { Sections = sections, OverrideIdentity = overrideIdentity }, Ct);

    [Fact]
    public async Task A_preview_writes_nothing()
    {
        var before = await StateOfBAsync();

        await Transfer.PreviewAsync(TestActors.Administrator(), await ExportAsync(Password), Password, Ct);
        await Transfer.PreviewAsync(TestActors.Administrator(), await ExportAsync(null), null, Ct);

        Assert.Equal(before, await StateOfBAsync());
        Assert.Empty(await _b.Get<PluginService>().ListAsync(Ct));
    }

    [Fact]
    public async Task A_preview_lists_the_changes_of_each_section_field_by_field()
    {
        var preview = await Transfer.PreviewAsync(TestActors.Administrator(), await ExportAsync(Password), Password, Ct);

        Assert.Equal("node-a", preview.SourceNode);
        Assert.Equal(_a.Get<NodeIdentityService>().NodeId.ToString(), preview.SourceNodeId);
        Assert.True(preview.Encrypted);
        var database = Assert.Single(preview.Sections, s => s.Section == "database");
        Assert.True(database.Changes);
        Assert.True(database.NeedsRestart);
        Assert.Contains(database.Fields, f => f is { Field: "type", Current: "Embedded", Incoming: "PostgreSQL" });
        Assert.Contains(database.Fields, f => f is { Field: "host", Current: null, Incoming: "db.example.com" });
        Assert.Contains(database.Fields, f => f is { Field: "password", Current: "(not set)", Incoming: "(set)", Secret: true });
        Assert.False(Assert.Single(preview.Sections, s => s.Section == "cluster").Changes);
        var general = Assert.Single(preview.Sections, s => s.Section == "general");
        Assert.True(general.Identity);
        Assert.Contains(general.Fields, f => f is { Field: "name", Incoming: "node-a" });
        Assert.DoesNotContain("general", preview.DefaultSections);
    }

    [Fact]
    public async Task A_plugin_the_node_lacks_is_listed_and_its_section_is_not_importable()
    {
        var file = await ExportAsync(Password);

        var preview = await Transfer.PreviewAsync(TestActors.Administrator(), file, Password, Ct);

        var missing = Assert.Single(preview.MissingPlugins);
        Assert.Equal((Mail, "Mail", "7.0.1", (string?)null), (missing.Id, missing.Name, missing.Version, missing.LocalVersion));
        var plugins = Assert.Single(preview.Sections, s => s.Section == "plugins");
        Assert.False(plugins.Importable);
        Assert.Contains("Install these plug-ins first: Mail 7.0.1", plugins.Reason);
        Assert.DoesNotContain("plugins", preview.DefaultSections);

        var before = await StateOfBAsync();
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => ApplyAsync(file, Password, ["database", "plugins"]));
        Assert.Contains("Nothing was imported", error.Message);
        Assert.Contains("Install these plug-ins first", error.Message);
        Assert.Equal(before, await StateOfBAsync());
        Assert.Equal(DatabaseType.Embedded, (await Configuration.GetAsync<DatabaseSettings>(Ct)).Settings.Type);
    }

    [Fact]
    public async Task Once_the_plugin_is_installed_its_settings_and_secret_are_imported()
    {
        await _b.InstallAsync(PluginPackages.Sample("mail"));
        var file = await ExportAsync(Password);

        var preview = await Transfer.PreviewAsync(TestActors.Administrator(), file, Password, Ct);
        var plugins = Assert.Single(preview.Sections, s => s.Section == "plugins");
        Assert.True(plugins.Importable);
        Assert.Empty(preview.MissingPlugins);
        Assert.Contains(plugins.Fields, f => f is { Field: Mail + ".smtpHost", Incoming: "smtp.example.com" });
        Assert.Contains(plugins.Fields, f => f is { Field: Mail + ".password", Incoming: "(set)", Secret: true });

        await ApplyAsync(file, Password, ["plugins"]);

        var mail = await _b.Get<PluginService>().GetConfigurationAsync(Mail, Ct);
        Assert.Equal("smtp.example.com", (string?)mail.Values["smtpHost"]);
        Assert.True((bool)mail.Values["passwordHasValue"]!);
    }

    [Fact]
    public async Task A_password_less_file_lists_the_secrets_to_re_enter()
    {
        await _b.InstallAsync(PluginPackages.Sample("mail"));

        var preview = await Transfer.PreviewAsync(TestActors.Administrator(), await ExportAsync(null), null, Ct);

        Assert.False(preview.Encrypted);
        Assert.Contains("database.password", preview.SecretsToReenter);
        Assert.Contains($"plugins.{Mail}.password", preview.SecretsToReenter);
    }

    [Fact]
    public async Task The_node_identity_is_imported_only_with_override_identity()
    {
        var file = await ExportAsync(Password);
        var ownName = (await Configuration.GetAsync<GeneralSettings>(Ct)).Settings.Name;

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => ApplyAsync(file, Password, ["general"]));
        Assert.Contains("override node identity", refused.Message);
        Assert.Equal(ownName, (await Configuration.GetAsync<GeneralSettings>(Ct)).Settings.Name);

        await ApplyAsync(file, Password, [], overrideIdentity: false);
        Assert.Equal(ownName, (await Configuration.GetAsync<GeneralSettings>(Ct)).Settings.Name);

        await ApplyAsync(file, Password, ["general"], overrideIdentity: true);
        Assert.Equal("node-a", (await Configuration.GetAsync<GeneralSettings>(Ct)).Settings.Name);
    }

    [Fact]
    public async Task An_apply_is_atomic_when_one_chosen_section_fails_its_rules_nothing_is_written()
    {
        var file = TransferFiles.Resign(await ExportAsync(null), d =>
        {
            d["configuration"]!["cluster"]!["clusterMode"] = true;
            d["configuration"]![ProbeSection.Name]!["label"] = "imported";
        });
        var before = await StateOfBAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => ApplyAsync(file, null, [ProbeSection.Name, "cluster"]));

        Assert.Contains(ClusterRules.EmbeddedRefusal, error.Message);
        Assert.Equal(before, await StateOfBAsync());
        Assert.False((await Configuration.GetAsync<ClusterSettings>(Ct)).Settings.ClusterMode);
        Assert.Equal("unset", (string?)(await Configuration.GetViewAsync(ProbeSection.Name, Ct)).Values["label"]);
    }

    [Fact]
    public async Task Sections_applied_together_are_checked_against_each_other_s_new_values()
    {
        var file = TransferFiles.Resign(await ExportAsync(null), d => d["configuration"]!["cluster"]!["clusterMode"] = true);

        await ApplyAsync(file, null, ["database", "cluster"]);

        Assert.True((await Configuration.GetAsync<ClusterSettings>(Ct)).Settings.ClusterMode);
        Assert.Equal(DatabaseType.PostgreSQL, (await Configuration.GetAsync<DatabaseSettings>(Ct)).Settings.Type);
    }

    [Fact]
    public async Task A_successful_apply_creates_revisions_whose_source_names_the_file_and_the_source_node()
    {
        var file = await ExportAsync(Password);
        var nodeA = _a.Get<NodeIdentityService>().NodeId;

        var result = await ApplyAsync(file, Password, ["database", "log"]);

        Assert.True(result.PendingRestart);
        Assert.Equal($"import of node-a.vmoconfig from node node-a ({nodeA})", result.Source);
        var history = await Configuration.History.ListRevisionsAsync(null, 0, 50, Ct);
        var imported = Assert.Single(history.Items, r => result.Revisions.Contains(r.Id));
        Assert.Equal("database", imported.Section);
        Assert.Equal("bob", imported.Author);
        Assert.Contains("node-a.vmoconfig", imported.Source);
        Assert.Contains("node-a", imported.Source);
        Assert.Contains(nodeA.ToString(), imported.Source);
        var database = (await Configuration.GetAsync<DatabaseSettings>(Ct)).Settings;
        Assert.Equal(("db.example.com", "Db-Secret-7h3Xq!"), (database.Host, database.Password));
        var audit = await _b.Get<AuditService>().QueryAsync(new AuditQuery(Action: "configuration.import"), Ct);
        Assert.Contains(audit.Items, e => e.User == "bob" && e.Detail!.Contains("node-a.vmoconfig"));
    }

    [Fact]
    public async Task The_history_stays_readable_across_an_import_and_a_restore()
    {
        var before = (await Configuration.History.ListRevisionsAsync("database", 0, 1, Ct)).Items.Single();
        var result = await ApplyAsync(await ExportAsync(Password), Password, ["database"]);

        await Configuration.RestoreAsync(TestActors.Administrator("carol"), before.Id, null, Ct);

        var history = (await Configuration.History.ListRevisionsAsync("database", 0, 10, Ct)).Items;
        Assert.Equal(["carol", "bob", "system"], history.Select(r => r.Author));
        Assert.Contains($"restore of revision {before.Id}", history[0].Source);
        Assert.Equal(result.Source, history[1].Source);
        Assert.Equal(DatabaseType.Embedded, (await Configuration.GetAsync<DatabaseSettings>(Ct)).Settings.Type);
    }
}
