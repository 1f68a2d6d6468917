using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.ConfigurationTransfer;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.ConfigurationTransfer;

/// <summary>
/// The attack on a kept secret: a file that leaves the database password out and points the database at an
/// attacker's server on loopback, which asks for the password in clear. Whatever the import does, the node never
/// sends its stored password there.
/// </summary>
public sealed class ImportSecretRedirectTests : IAsyncLifetime
{
    private const string ExportPassword = "Export-Pass-1!";
    private const string DatabasePassword = "Db-Secret-7h3Xq!";

    private NodeHost _node = null!;
    private CleartextPasswordListener _attacker = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ConfigurationTransferService Transfer => _node.Get<ConfigurationTransferService>();

    private ConfigurationService Configuration => _node.Get<ConfigurationService>();

    public async ValueTask InitializeAsync()
    {
        _attacker = new CleartextPasswordListener();
        _node = await NodeHost.StartAsync(NodeStore.Sqlite, Ct);
        await ExportTests.PlantSecretsAsync(_node, DatabasePassword);
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        await _attacker.DisposeAsync();
    }

    private async Task<byte[]> ExportAsync(string? password) => (await Transfer.ExportAsync(TestActors.Administrator(), password, Ct)).Content;

    /// <summary>What the attacker does with a text editor: every secret marked omitted, the database pointed at the listener, the plain SHA-256 recomputed.</summary>
    private byte[] Tamper(byte[] file) => TransferFiles.Resign(file, document =>
    {
        document["secrets"] = "omitted";
        document["encryption"] = null;
        var database = document["configuration"]!["database"]!.AsObject();
        database["host"] = _attacker.Host;
        database["port"] = _attacker.Port;
        database["useSsl"] = false;
        OmitSecrets(document["configuration"]!.AsObject());
    });

    private static void OmitSecrets(JsonObject node)
    {
        foreach (var (name, value) in node.ToList())
        {
            if (value is JsonObject inner && inner.ContainsKey("encrypted"))
            {
                node[name] = new JsonObject { ["omitted"] = true };
            }
            else if (value is JsonObject child)
            {
                OmitSecrets(child);
            }
        }
    }

    private Task<ImportResult> ApplyAsync(byte[] file, string? password, IReadOnlyList<string>? sections = null, Dictionary<string, string>? secrets = null) =>
        Transfer.ApplyAsync(TestActors.Administrator(), new ImportRequest(file, password, "tampered.vmoconfig") { Sections = sections ?? [], Secrets = secrets ?? new Dictionary<string, string>() }, Ct);

    /// <summary>Everything the node does with its database settings after an import: the Test connection button and the status check.</summary>
    private async Task UseTheDatabaseSettingsAsync()
    {
        await _node.Get<DatabaseCommands>().TestAsync(TestActors.Administrator(), null, Ct);
        await _node.Get<DatabaseStatusService>().RefreshAsync(Ct);
    }

    private async Task AssertDatabaseUntouchedAsync()
    {
        var database = (await Configuration.GetAsync<DatabaseSettings>(Ct)).Settings;
        Assert.Equal(("db.example.com", 5432, DatabasePassword), (database.Host, database.Port, database.Password));
    }

    [Fact]
    public async Task The_listener_records_a_password_typed_for_it_so_an_empty_record_means_none_was_sent()
    {
        var changes = new JsonObject { ["host"] = _attacker.Host, ["port"] = _attacker.Port, ["useSsl"] = false, ["password"] = "typed-for-the-listener" };

        await _node.Get<DatabaseCommands>().TestAsync(TestActors.Administrator(), changes, Ct);

        Assert.Contains("typed-for-the-listener", _attacker.Passwords);
    }

    [Fact]
    public async Task A_tampered_password_less_file_is_refused_and_the_node_s_password_never_reaches_the_new_host()
    {
        var file = Tamper(await ExportAsync(null));

        var error = await Record.ExceptionAsync(() => ApplyAsync(file, null));
        await UseTheDatabaseSettingsAsync();

        Assert.Empty(_attacker.Passwords);
        Assert.Contains("'password' of the section 'database'", Assert.IsType<ValidationFailedException>(error).Message);
        await AssertDatabaseUntouchedAsync();
    }

    [Fact]
    public async Task A_tampered_encrypted_file_imported_with_its_password_is_refused_as_unauthenticated()
    {
        var file = Tamper(await ExportAsync(ExportPassword));

        var previewError = await Record.ExceptionAsync(() => Transfer.PreviewAsync(TestActors.Administrator(), file, ExportPassword, Ct));
        var applyError = await Record.ExceptionAsync(() => ApplyAsync(file, ExportPassword));
        await UseTheDatabaseSettingsAsync();

        Assert.Empty(_attacker.Passwords);
        Assert.Contains("not protected by a password", Assert.IsType<ValidationFailedException>(previewError).Message);
        Assert.Contains("not protected by a password", Assert.IsType<ValidationFailedException>(applyError).Message);
        await AssertDatabaseUntouchedAsync();
    }

    [Fact]
    public async Task The_preview_marks_the_file_unauthenticated_and_the_database_password_required_again()
    {
        var preview = await Transfer.PreviewAsync(TestActors.Administrator(), Tamper(await ExportAsync(null)), null, Ct);

        Assert.False(preview.Authenticated);
        var required = Assert.Single(Assert.Single(preview.Sections, s => s.Section == "database").SecretsRequired);
        Assert.Equal(("database.password", "password"), (required.Path, required.Field));
        Assert.Equal(["host", "port"], required.ChangedTargets);
        Assert.Contains("enter it again", required.Message);
        Assert.DoesNotContain(preview.Sections, s => s.Section != "database" && s.SecretsRequired.Count > 0);
    }

    [Fact]
    public async Task With_the_password_typed_again_the_import_applies_and_only_the_typed_password_reaches_the_new_host()
    {
        var file = Tamper(await ExportAsync(null));

        await ApplyAsync(file, null, ["database"], new() { ["database.password"] = "typed-at-import" });
        await UseTheDatabaseSettingsAsync();

        Assert.NotEqual(0, _attacker.Connections);
        Assert.DoesNotContain(DatabasePassword, _attacker.Passwords);
        Assert.Contains("typed-at-import", _attacker.Passwords);
        var database = (await Configuration.GetAsync<DatabaseSettings>(Ct)).Settings;
        Assert.Equal((_attacker.Host, _attacker.Port, "typed-at-import"), (database.Host, database.Port, database.Password));
    }

    [Fact]
    public async Task A_plugin_whose_target_field_changes_while_its_secret_is_left_out_needs_the_secret_again()
    {
        var file = TransferFiles.Resign(await ExportAsync(null), d => d["configuration"]!["plugins"]![ExportTests.Mail]!["settings"]!["smtpHost"] = _attacker.Host);
        var before = await Configuration.GetViewAsync(PluginSectionDefinition.NameOf(ExportTests.Mail), Ct);

        var preview = await Transfer.PreviewAsync(TestActors.Administrator(), file, null, Ct);
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => ApplyAsync(file, null, ["plugins"]));

        var required = Assert.Single(Assert.Single(preview.Sections, s => s.Section == "plugins").SecretsRequired);
        Assert.Equal($"plugins.{ExportTests.Mail}.password", required.Path);
        Assert.Equal([$"{ExportTests.Mail}.smtpHost"], required.ChangedTargets);
        Assert.Contains($"The secret '{ExportTests.Mail}.password' of the section 'plugins' is required again", error.Message);
        Assert.Equal(before.Version, (await Configuration.GetViewAsync(PluginSectionDefinition.NameOf(ExportTests.Mail), Ct)).Version);
    }

    [Fact]
    public async Task A_password_less_file_that_keeps_the_targets_imports_and_keeps_the_node_s_password()
    {
        var file = TransferFiles.Resign(await ExportAsync(null), d => d["configuration"]!["log"]!["level"] = "DEBUG");

        var preview = await Transfer.PreviewAsync(TestActors.Administrator(), file, null, Ct);
        var result = await ApplyAsync(file, null);

        Assert.False(preview.Authenticated);
        Assert.All(preview.Sections, s => Assert.Empty(s.SecretsRequired));
        Assert.EndsWith(", an unauthenticated file", result.Source);
        Assert.Equal("DEBUG", (await Configuration.GetAsync<LogSettings>(Ct)).Settings.Level);
        await AssertDatabaseUntouchedAsync();
    }

    [Fact]
    public async Task An_authenticated_file_with_its_password_imports_as_before()
    {
        var file = await ExportAsync(ExportPassword);

        var preview = await Transfer.PreviewAsync(TestActors.Administrator(), file, ExportPassword, Ct);
        await ApplyAsync(file, ExportPassword);

        Assert.True(preview.Authenticated);
        Assert.All(preview.Sections, s => Assert.Empty(s.SecretsRequired));
        await AssertDatabaseUntouchedAsync();
    }

    [Fact]
    public async Task A_secret_typed_for_a_field_the_file_carries_is_refused_and_nothing_is_written()
    {
        var file = await ExportAsync(ExportPassword);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => ApplyAsync(file, ExportPassword, ["database"], new() { ["database.password"] = "other" }));

        Assert.Contains("'database.password' is not a secret this file leaves out", error.Message);
        await AssertDatabaseUntouchedAsync();
    }
}
