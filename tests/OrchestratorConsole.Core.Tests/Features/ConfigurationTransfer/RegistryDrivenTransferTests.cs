using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.ConfigurationTransfer;

namespace OrchestratorConsole.Core.Tests.Features.ConfigurationTransfer;

/// <summary>
/// A section declared once, in the registry, is fingerprinted, exported, previewed, imported, diffed and redacted
/// with nothing else written for it.
/// </summary>
public sealed class RegistryDrivenTransferTests : IAsyncLifetime
{
    private const string Password = "Export-Pass-1!";
    private const string Token = "probe-token-Q7v!x2";
    private static readonly byte[] ClusterKey = RandomNumberGenerator.GetBytes(32);

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

    private static async Task SaveProbeAsync(NodeHost node, JsonObject changes)
    {
        var configuration = node.Get<ConfigurationService>();
        var version = (await configuration.GetViewAsync(ProbeSection.Name, Ct)).Version;
        await configuration.SaveAsync(TestActors.Administrator(), ProbeSection.Name, changes, version, "probe values", cancellationToken: Ct);
    }

    private static Task<byte[]> ExportAsync(NodeHost node, string? password) =>
        node.Get<ConfigurationTransferService>().ExportAsync(TestActors.Administrator(), password, Ct).ContinueWith(t => t.Result.Content, TaskScheduler.Default);

    [Fact]
    public async Task The_export_holds_the_plain_field_and_the_secret_only_encrypted()
    {
        await SaveProbeAsync(_a, new JsonObject { ["label"] = "from-a", ["token"] = Token });

        var file = await ExportAsync(_a, Password);

        var probe = TransferFiles.Parse(file)["configuration"]![ProbeSection.Name]!;
        Assert.Equal("from-a", (string?)probe["label"]);
        Assert.False(string.IsNullOrEmpty((string?)probe["token"]!["encrypted"]));
        Assert.All(TransferFiles.Forms(Token), form => Assert.DoesNotContain(form, Encoding.UTF8.GetString(file)));
    }

    [Fact]
    public async Task The_export_without_a_password_holds_the_plain_field_and_marks_the_secret_omitted()
    {
        await SaveProbeAsync(_a, new JsonObject { ["label"] = "from-a", ["token"] = Token });

        var file = await ExportAsync(_a, null);

        var probe = TransferFiles.Parse(file)["configuration"]![ProbeSection.Name]!;
        Assert.Equal("from-a", (string?)probe["label"]);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["omitted"] = true }, probe["token"]), probe.ToJsonString());
        Assert.All(TransferFiles.Forms(Token), form => Assert.DoesNotContain(form, Encoding.UTF8.GetString(file)));
    }

    [Fact]
    public async Task The_fingerprint_changes_when_the_plain_field_or_the_secret_changes()
    {
        var fingerprints = _a.Get<ConfigurationFingerprint>();
        var before = (await fingerprints.ComputeAsync(ClusterKey, Ct)).Value;

        await SaveProbeAsync(_a, new JsonObject { ["label"] = "from-a" });
        var afterLabel = (await fingerprints.ComputeAsync(ClusterKey, Ct)).Value;
        await SaveProbeAsync(_a, new JsonObject { ["token"] = Token });
        var afterToken = (await fingerprints.ComputeAsync(ClusterKey, Ct)).Value;
        await SaveProbeAsync(_a, new JsonObject { ["token"] = Token + "2" });
        var afterSecondToken = (await fingerprints.ComputeAsync(ClusterKey, Ct)).Value;

        Assert.Equal(4, new[] { before, afterLabel, afterToken, afterSecondToken }.Distinct().Count());
    }

    [Fact]
    public async Task The_fingerprint_of_two_nodes_with_the_same_values_is_equal_and_reveals_no_secret()
    {
        await SaveProbeAsync(_a, new JsonObject { ["label"] = "same", ["token"] = Token });
        await SaveProbeAsync(_b, new JsonObject { ["label"] = "same", ["token"] = Token });

        var a = await _a.Get<ConfigurationFingerprint>().ComputeAsync(ClusterKey, Ct);
        var b = await _b.Get<ConfigurationFingerprint>().ComputeAsync(ClusterKey, Ct);

        Assert.Equal(a.Value, b.Value);
        var values = (await _a.Get<ConfigurationService>().ReadAsync(ProbeSection.Definition, Ct)).Values;
        var canonical = ConfigurationFingerprint.Canonicalize(ProbeSection.Definition, values, ClusterKey).ToJsonString();
        Assert.DoesNotContain(Token, canonical);
        Assert.StartsWith("hmac:", (string?)JsonNode.Parse(canonical)!["token"]);
    }

    [Fact]
    public async Task The_preview_on_another_node_lists_the_fields_and_the_apply_writes_them()
    {
        await SaveProbeAsync(_a, new JsonObject { ["label"] = "from-a", ["token"] = Token });
        var file = await ExportAsync(_a, Password);
        var transfer = _b.Get<ConfigurationTransferService>();

        var preview = await transfer.PreviewAsync(TestActors.Administrator(), file, Password, Ct);

        var section = Assert.Single(preview.Sections, s => s.Section == ProbeSection.Name);
        Assert.True(section.Importable);
        Assert.Contains(ProbeSection.Name, preview.DefaultSections);
        Assert.Equal(["label", "token"], section.Fields.Select(f => f.Field).Order());
        Assert.Contains(section.Fields, f => f is { Field: "label", Current: "unset", Incoming: "from-a", Secret: false });
        var token = Assert.Single(section.Fields, f => f.Field == "token");
        Assert.True(token.Secret);
        Assert.Equal("(not set)", token.Current);
        Assert.Equal("(set)", token.Incoming);

        await transfer.ApplyAsync(TestActors.Administrator("bob"), new ImportRequest(file, Password, "node-a.vmoconfig") { Sections = [ProbeSection.Name] }, Ct);

        var values = (await _b.Get<ConfigurationService>().ReadAsync(ProbeSection.Definition, Ct)).Values;
        Assert.Equal("from-a", (string?)values["label"]);
        Assert.Equal(Token, (string?)values["token"]);
    }

    [Fact]
    public async Task A_password_less_file_asks_to_re_enter_the_secret_and_keeps_the_node_s_own()
    {
        await SaveProbeAsync(_a, new JsonObject { ["label"] = "from-a", ["token"] = Token });
        await SaveProbeAsync(_b, new JsonObject { ["token"] = "b-own-token" });
        var file = await ExportAsync(_a, null);
        var transfer = _b.Get<ConfigurationTransferService>();

        var preview = await transfer.PreviewAsync(TestActors.Administrator(), file, null, Ct);
        await transfer.ApplyAsync(TestActors.Administrator(), new ImportRequest(file, null, "node-a.vmoconfig") { Sections = [ProbeSection.Name] }, Ct);

        Assert.Contains(ProbeSection.TokenPath, preview.SecretsToReenter);
        Assert.DoesNotContain(preview.Sections.Single(s => s.Section == ProbeSection.Name).Fields, f => f.Field == "token");
        var values = (await _b.Get<ConfigurationService>().ReadAsync(ProbeSection.Definition, Ct)).Values;
        Assert.Equal("from-a", (string?)values["label"]);
        Assert.Equal("b-own-token", (string?)values["token"]);
    }

    [Fact]
    public async Task The_revision_diff_of_an_import_shows_the_plain_field_and_hides_the_secret()
    {
        await SaveProbeAsync(_a, new JsonObject { ["label"] = "from-a", ["token"] = Token });
        var file = await ExportAsync(_a, Password);
        var configuration = _b.Get<ConfigurationService>();
        var before = (await configuration.History.ListRevisionsAsync(ProbeSection.Name, 0, 1, Ct)).Items.Single();

        var result = await _b.Get<ConfigurationTransferService>().ApplyAsync(TestActors.Administrator(), new ImportRequest(file, Password, "node-a.vmoconfig") { Sections = [ProbeSection.Name] }, Ct);
        var diff = await configuration.History.DiffAsync(before.Id, Assert.Single(result.Revisions), Ct);

        Assert.Contains(diff.Fields, f => f is { Section: ProbeSection.Name, Field: "label", Before: "unset", After: "from-a", Secret: false });
        var token = Assert.Single(diff.Fields, f => f.Field == "token");
        Assert.True(token.Secret);
        Assert.DoesNotContain(Token, string.Join("|", diff.Fields.Select(f => $"{f.Before}|{f.After}")));
    }

    [Fact]
    public async Task The_section_view_redacts_the_secret_to_null_with_has_value()
    {
        await SaveProbeAsync(_a, new JsonObject { ["label"] = "from-a", ["token"] = Token });

        var view = await _a.Get<ConfigurationService>().GetViewAsync(ProbeSection.Name, Ct);

        Assert.Equal("from-a", (string?)view.Values["label"]);
        Assert.True(view.Values.ContainsKey("token"));
        Assert.Null(view.Values["token"]);
        Assert.True((bool)view.Values["tokenHasValue"]!);
        Assert.DoesNotContain(Token, view.Values.ToJsonString());
    }

    [Fact]
    public async Task The_section_s_own_rules_refuse_an_import_that_breaks_them()
    {
        await SaveProbeAsync(_a, new JsonObject { ["label"] = "from-a" });
        var file = TransferFiles.Resign(await ExportAsync(_a, null), d => d["configuration"]![ProbeSection.Name]!["label"] = string.Empty);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _b.Get<ConfigurationTransferService>().ApplyAsync(TestActors.Administrator(), new ImportRequest(file, null, "node-a.vmoconfig") { Sections = [ProbeSection.Name] }, Ct));

        Assert.Contains("The label is required.", error.Message);
        var values = (await _b.Get<ConfigurationService>().ReadAsync(ProbeSection.Definition, Ct)).Values;
        Assert.Equal("unset", (string?)values["label"]);
    }
}
