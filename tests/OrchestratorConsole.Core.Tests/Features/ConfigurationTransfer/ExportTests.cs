using System.Text;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.ConfigurationTransfer;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Core.Tests.Features.PlugIns;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.ConfigurationTransfer;

/// <summary>The .vmoconfig file as it leaves a node: canonical, described, and without a secret in clear.</summary>
public sealed class ExportTests : IAsyncLifetime
{
    public const string Mail = "com.vmware.o11n.mail";
    private const string Password = "Export-Pass-1!";
    private const string DatabasePassword = "Db-Secret-7h3Xq!";
    private const string MailPassword = "Smtp-Secret-K9w2#";

    private NodeHost _node = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _node = await NodeHost.StartAsync(NodeStore.Sqlite, Ct);

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    private Task<(byte[] Content, string FileName)> ExportAsync(string? password) =>
        _node.Get<ConfigurationTransferService>().ExportAsync(TestActors.Administrator(), password, Ct);

    /// <summary>A database password and a configured mail plug-in with its SMTP password.</summary>
    internal static async Task PlantSecretsAsync(NodeHost node, string databasePassword = DatabasePassword, string mailPassword = MailPassword)
    {
        // The plug-in first, while the node's database answers: an upload is refused when it cannot be checked.
        await node.InstallAsync(PluginPackages.Sample("mail"));
        var configuration = node.Get<ConfigurationService>();
        var database = await configuration.GetAsync<DatabaseSettings>(Ct);
        await configuration.SaveAsync(
            TestActors.Administrator(),
            new DatabaseSettings { Type = DatabaseType.PostgreSQL, Host = "db.example.com", Port = 5432, DatabaseName = "orchestrator", UserName = "orchestrator", Password = databasePassword },
            database.Version,
            "shared database",
            Ct);
        var mail = await configuration.GetViewAsync("plugin." + Mail, Ct);
        await configuration.SaveAsync(
            TestActors.Administrator(),
            mail.Section,
            new JsonObject { ["smtpHost"] = "smtp.example.com", ["senderAddress"] = "orchestrator@example.com", ["userName"] = "mailer", ["password"] = mailPassword },
            mail.Version,
            null,
            Ct);
    }

    [Fact]
    public async Task Two_exports_of_the_same_configuration_without_a_password_are_byte_identical()
    {
        await PlantSecretsAsync(_node);

        var first = await ExportAsync(null);
        var second = await ExportAsync(null);

        Assert.Equal(first.Content, second.Content);
    }

    [Fact]
    public async Task The_file_is_canonical_json_with_sorted_keys_two_space_indents_and_lf_line_ends()
    {
        await PlantSecretsAsync(_node);

        foreach (var password in new[] { null, Password })
        {
            var (content, _) = await ExportAsync(password);
            var text = Encoding.UTF8.GetString(content);

            TransferFiles.AssertKeysSorted(JsonNode.Parse(text));
            Assert.Equal(text, CanonicalJson.Write(JsonNode.Parse(text)));
            Assert.DoesNotContain("\r", text);
            Assert.StartsWith("{\n  \"", text);
            Assert.EndsWith("}\n", text);
        }
    }

    [Fact]
    public async Task The_file_names_its_format_the_product_version_and_the_source_node()
    {
        var (content, fileName) = await ExportAsync(null);

        var document = TransferFiles.Parse(content);
        Assert.Equal(ConfigurationFile.FormatName, (string?)document["format"]);
        Assert.Equal(1, (int)document["formatVersion"]!);
        Assert.Equal(ProductInfo.Version, (string?)document["productVersion"]);
        Assert.Equal(_node.Get<NodeIdentityService>().NodeId.ToString(), (string?)document["source"]!["nodeId"]);
        var name = (await _node.Get<ConfigurationService>().GetAsync<GeneralSettings>(Ct)).Settings.Name;
        Assert.Equal(name, (string?)document["source"]!["name"]);
        Assert.EndsWith(".vmoconfig", fileName);
        var sections = document["configuration"]!.AsObject().Select(p => p.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { "general", "database", "cluster", "log", "startup", "plugins", ProbeSection.Name }, sections);
    }

    [Fact]
    public async Task The_plugins_section_holds_each_plugin_s_name_version_enabled_and_settings()
    {
        await PlantSecretsAsync(_node);

        var (content, _) = await ExportAsync(null);

        var mail = TransferFiles.Parse(content)["configuration"]!["plugins"]![Mail]!;
        Assert.Equal("Mail", (string?)mail["name"]);
        Assert.Equal("7.0.1", (string?)mail["version"]);
        Assert.True((bool)mail["enabled"]!);
        Assert.Equal("smtp.example.com", (string?)mail["settings"]!["smtpHost"]);
        Assert.Equal(25, (int)mail["settings"]!["smtpPort"]!);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["omitted"] = true }, mail["settings"]!["password"]));
    }

    [Fact]
    public async Task With_a_password_secrets_are_encrypted_and_the_file_states_its_cipher_kdf_iterations_and_salt()
    {
        await PlantSecretsAsync(_node);

        var document = TransferFiles.Parse((await ExportAsync(Password)).Content);

        Assert.Equal("encrypted", (string?)document["secrets"]);
        var encryption = document["encryption"]!;
        Assert.Equal("AES-256-GCM", (string?)encryption["cipher"]);
        Assert.Equal("PBKDF2-SHA256", (string?)encryption["kdf"]);
        Assert.Equal(600000, (int)encryption["iterations"]!);
        Assert.Equal(16, Convert.FromBase64String((string)encryption["salt"]!).Length);
        Assert.Equal("HMAC-SHA256", (string?)document["integrity"]!["algorithm"]);
        Assert.False(string.IsNullOrEmpty((string?)document["configuration"]!["database"]!["password"]!["encrypted"]));
        Assert.False(string.IsNullOrEmpty((string?)document["configuration"]!["plugins"]![Mail]!["settings"]!["password"]!["encrypted"]));
    }

    [Fact]
    public async Task Each_export_with_a_password_has_its_own_salt()
    {
        var first = TransferFiles.Parse((await ExportAsync(Password)).Content);
        var second = TransferFiles.Parse((await ExportAsync(Password)).Content);

        Assert.NotEqual((string?)first["encryption"]!["salt"], (string?)second["encryption"]!["salt"]);
    }

    [Fact]
    public async Task Without_a_password_secrets_are_marked_omitted_and_the_file_is_checked_with_sha256()
    {
        await PlantSecretsAsync(_node);

        var document = TransferFiles.Parse((await ExportAsync(null)).Content);

        Assert.Equal("omitted", (string?)document["secrets"]);
        Assert.Null(document["encryption"]);
        Assert.Equal("SHA-256", (string?)document["integrity"]!["algorithm"]);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["omitted"] = true }, document["configuration"]!["database"]!["password"]));
    }

    [Fact]
    public async Task No_planted_secret_appears_in_clear_or_base64_in_either_file()
    {
        await PlantSecretsAsync(_node);

        foreach (var password in new[] { null, Password })
        {
            var text = Encoding.UTF8.GetString((await ExportAsync(password)).Content);
            foreach (var form in TransferFiles.Forms(DatabasePassword).Concat(TransferFiles.Forms(MailPassword)))
            {
                Assert.DoesNotContain(form, text);
            }
        }
    }

    [Fact]
    public async Task An_encrypted_export_read_back_on_the_same_node_shows_no_change_so_its_secrets_decrypt_to_the_live_values()
    {
        await PlantSecretsAsync(_node);
        var (content, _) = await ExportAsync(Password);

        var preview = await _node.Get<ConfigurationTransferService>().PreviewAsync(TestActors.Administrator(), content, Password, Ct);

        Assert.All(preview.Sections, s => Assert.False(s.Changes, $"{s.Section}: {string.Join(", ", s.Fields.Select(f => f.Field))}"));
        Assert.Empty(preview.MissingPlugins);
        Assert.Empty(preview.SecretsToReenter);
    }

    [Fact]
    public async Task An_export_password_shorter_than_eight_characters_is_refused()
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => ExportAsync("short"));

        Assert.Contains("at least 8 characters", error.Message);
    }

    [Fact]
    public async Task Only_an_administrator_may_export()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => _node.Get<ConfigurationTransferService>().ExportAsync(TestActors.Reviewer(), null, Ct));
    }
}
