using System.Security.Cryptography;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.ConfigurationTransfer;
using OrchestratorConsole.Core.Features.PlugIns;

namespace OrchestratorConsole.Core.Tests.Features.PlugIns;

/// <summary>
/// A plug-in's settings and the installed plug-ins are part of what every node of a cluster must share: the
/// fingerprint, the comparison view, and export and import cover them with nothing written for this plug-in.
/// </summary>
public sealed class PluginClusterPromiseTests : IAsyncLifetime
{
    private const string Password = "Export-Pass-1!";
    private static readonly byte[] ClusterKey = RandomNumberGenerator.GetBytes(32);

    /// <summary>One package for both nodes: its checksum is part of the fingerprint, and a zip made twice differs in its timestamps.</summary>
    private static readonly byte[] Probe = ProbePlugin.Package();

    private NodeHost _a = null!;
    private NodeHost _b = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _a = await NodeHost.StartAsync(NodeStore.Sqlite, Ct);
        _b = await NodeHost.StartAsync(NodeStore.Sqlite, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private static async Task SaveAsync(NodeHost node, JsonObject changes, string user = "alice")
    {
        var configuration = node.Get<ConfigurationService>();
        var version = (await configuration.GetViewAsync(ProbePlugin.Section, Ct)).Version;
        await configuration.SaveAsync(TestActors.Administrator(user), ProbePlugin.Section, changes, version, null, Ct);
    }

    private static async Task<string> FingerprintAsync(NodeHost node) => (await node.Get<ConfigurationFingerprint>().ComputeAsync(ClusterKey, Ct)).Value;

    private async Task BothWithProbeAsync(JsonObject settings)
    {
        foreach (var node in new[] { _a, _b })
        {
            await node.InstallAsync(Probe);
            await SaveAsync(node, settings);
        }
    }

    [Fact]
    public async Task Nodes_with_the_same_plug_in_and_settings_share_a_fingerprint_and_a_differing_setting_or_secret_breaks_it()
    {
        await BothWithProbeAsync(new JsonObject { ["label"] = "same", ["token"] = "same-secret" });
        Assert.Equal(await FingerprintAsync(_a), await FingerprintAsync(_b));

        await SaveAsync(_b, new JsonObject { ["label"] = "differs" });
        Assert.NotEqual(await FingerprintAsync(_a), await FingerprintAsync(_b));

        await SaveAsync(_b, new JsonObject { ["label"] = "same", ["token"] = "other-secret" });
        Assert.NotEqual(await FingerprintAsync(_a), await FingerprintAsync(_b));

        await SaveAsync(_b, new JsonObject { ["token"] = "same-secret" });
        Assert.Equal(await FingerprintAsync(_a), await FingerprintAsync(_b));
    }

    [Fact]
    public async Task A_node_that_lacks_the_plug_in_or_has_it_disabled_has_another_fingerprint()
    {
        var bare = await FingerprintAsync(_a);
        await _a.InstallAsync(Probe);
        Assert.NotEqual(bare, await FingerprintAsync(_a));
        Assert.NotEqual(await FingerprintAsync(_a), await FingerprintAsync(_b));

        await _b.InstallAsync(ProbePlugin.Package("1.0.0", fields => fields.Add(new JsonObject { ["name"] = "extra", ["type"] = "string" })));
        Assert.NotEqual(await FingerprintAsync(_a), await FingerprintAsync(_b));

        await _b.InstallAsync(Probe, confirmDowngrade: true);
        Assert.Equal(await FingerprintAsync(_a), await FingerprintAsync(_b));

        await _b.Get<PluginService>().SetEnabledAsync(TestActors.Administrator(), ProbePlugin.Id, false, Ct);
        Assert.NotEqual(await FingerprintAsync(_a), await FingerprintAsync(_b));
    }

    [Fact]
    public async Task The_comparison_view_holds_the_plug_in_fields_with_the_secret_only_as_a_keyed_hash()
    {
        await BothWithProbeAsync(new JsonObject { ["label"] = "probe", ["token"] = "view-secret" });

        var view = await _a.Get<ClusterSyncService>().ComparisonViewAsync(ClusterKey, Ct);

        var section = (JsonObject)view[ProbePlugin.Section]!;
        Assert.Equal("probe", (string?)section["label"]);
        Assert.StartsWith("hmac:", (string?)section["token"]);
        Assert.DoesNotContain("view-secret", view.ToJsonString());
        Assert.Equal("1.0.0", (string?)view["plugins"]![ProbePlugin.Id]!["version"]);
        Assert.Matches("^[0-9a-f]{64}$", (string?)view["plugins"]![ProbePlugin.Id]!["contentSha256"]);
    }

    [Fact]
    public async Task Export_preview_and_import_carry_the_plug_in_settings_and_leave_both_nodes_alike()
    {
        await BothWithProbeAsync(new JsonObject { ["label"] = "b-side" });
        await SaveAsync(_a, new JsonObject { ["label"] = "a-side", ["retries"] = 8, ["token"] = "carried-secret" });
        var file = (await _a.Get<ConfigurationTransferService>().ExportAsync(TestActors.Administrator(), Password, Ct)).Content;
        var transfer = _b.Get<ConfigurationTransferService>();

        var preview = await transfer.PreviewAsync(TestActors.Administrator(), file, Password, Ct);

        var plugins = preview.Sections.Single(s => s.Section == "plugins");
        Assert.Equal(
            [($"{ProbePlugin.Id}.label", "b-side", "a-side"), ($"{ProbePlugin.Id}.retries", "3", "8"), ($"{ProbePlugin.Id}.token", "(not set)", "(set)")],
            plugins.Fields.Select(f => (f.Field, f.Current, f.Incoming)));
        Assert.Equal(2, preview.ExpectedVersions[ProbePlugin.Section]);

        await transfer.ApplyAsync(TestActors.Administrator("bob"), new ImportRequest(file, Password, "a.vmoconfig") { Sections = ["plugins"], ExpectedVersions = preview.ExpectedVersions }, Ct);

        var values = (await _b.Get<ConfigurationService>().ReadAsync(_b.Get<ConfigurationService>().Registry.Require(ProbePlugin.Section), Ct)).Values;
        Assert.Equal(("a-side", 8L, "carried-secret"), ((string?)values["label"], (long?)values["retries"], (string?)values["token"]));
        Assert.Equal(await FingerprintAsync(_a), await FingerprintAsync(_b));
        var revision = (await _b.Get<ConfigurationService>().History.ListRevisionsAsync(ProbePlugin.Section, 0, 1, Ct)).Items.Single();
        Assert.Equal(("bob", 3), (revision.Author, revision.Version));
    }

    [Fact]
    public async Task An_import_applied_after_a_save_since_its_preview_is_refused_naming_the_section_and_who_saved_and_writes_nothing()
    {
        await BothWithProbeAsync(new JsonObject { ["label"] = "start" });
        await SaveAsync(_a, new JsonObject { ["label"] = "from-a" });
        var file = (await _a.Get<ConfigurationTransferService>().ExportAsync(TestActors.Administrator(), Password, Ct)).Content;
        var transfer = _b.Get<ConfigurationTransferService>();
        var preview = await transfer.PreviewAsync(TestActors.Administrator(), file, Password, Ct);
        await SaveAsync(_b, new JsonObject { ["label"] = "saved-meanwhile" }, "mallory");
        var history = _b.Get<ConfigurationService>().History;
        var before = (await history.ListRevisionsAsync(null, 0, 1, Ct)).Total;

        var error = await Assert.ThrowsAsync<StaleVersionException>(() => transfer.ApplyAsync(
            TestActors.Administrator("bob"),
            new ImportRequest(file, Password, "a.vmoconfig") { ExpectedVersions = preview.ExpectedVersions },
            Ct));

        Assert.Contains("Probe settings were changed by mallory", error.Message);
        Assert.Equal(before, (await history.ListRevisionsAsync(null, 0, 1, Ct)).Total);
        Assert.Equal("saved-meanwhile", (string?)(await _b.Get<ConfigurationService>().GetViewAsync(ProbePlugin.Section, Ct)).Values["label"]);
    }
}
