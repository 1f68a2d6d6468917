using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.ConfigurationTransfer;
using OrchestratorConsole.Core.Tests.Features.ConfigurationTransfer;

namespace OrchestratorConsole.Core.Tests.Features.Configuration;

/// <summary>
/// Database settings written before the TLS mode existed carry <c>useSsl</c> alone: true meant Require and false
/// meant Disable, and they keep meaning that wherever old values come from (the store, an older export, a script).
/// </summary>
public sealed class DatabaseTlsModeUpgradeTests : IAsyncLifetime
{
    private const string OldDatabaseSection = """{"type":"PostgreSQL","host":"db.example.com","port":5432,"databaseName":"vco","userName":"vco","password":null,"useSsl":USE_SSL,"instance":null,"domain":null,"useNtlmV2":false}""";

    private NodeHost _node = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ConfigurationService Configuration => _node.Get<ConfigurationService>();

    public async ValueTask InitializeAsync() => _node = await NodeHost.StartAsync(NodeStore.Sqlite, Ct);

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    [Theory]
    [InlineData(true, DatabaseSslMode.Require)]
    [InlineData(false, DatabaseSslMode.Disable)]
    public async Task A_stored_section_from_before_the_TLS_mode_reads_as_the_mode_it_meant(bool useSsl, DatabaseSslMode expected)
    {
        await StoreOldRevisionAsync(useSsl);

        var read = await Configuration.GetAsync<DatabaseSettings>(Ct);
        var view = await Configuration.GetViewAsync(ConfigurationRegistry.Database, Ct);

        Assert.Equal(expected, read.Settings.SslMode);
        Assert.Equal(expected.ToString(), (string?)view.Values["sslMode"]);
    }

    [Fact]
    public void A_fresh_node_prefers_TLS()
    {
        Assert.Equal(DatabaseSslMode.Prefer, new DatabaseSettings().SslMode);
        Assert.Equal("Prefer", (string?)ConfigurationRegistry.For<DatabaseSettings>().Defaults()["sslMode"]);
    }

    [Theory]
    [InlineData(true, DatabaseSslMode.Require)]
    [InlineData(false, DatabaseSslMode.Disable)]
    public async Task A_script_that_sends_useSsl_alone_gets_the_mode_it_meant(bool useSsl, DatabaseSslMode expected)
    {
        var version = (await Configuration.GetAsync<DatabaseSettings>(Ct)).Version;

        await Configuration.SaveAsync(TestActors.Administrator(), ConfigurationRegistry.Database, new JsonObject { ["useSsl"] = useSsl }, version, null, cancellationToken: Ct);

        Assert.Equal(expected, (await Configuration.GetAsync<DatabaseSettings>(Ct)).Settings.SslMode);
    }

    [Fact]
    public async Task A_section_that_sends_both_keeps_its_TLS_mode()
    {
        var version = (await Configuration.GetAsync<DatabaseSettings>(Ct)).Version;

        await Configuration.SaveAsync(TestActors.Administrator(), ConfigurationRegistry.Database, new JsonObject { ["useSsl"] = false, ["sslMode"] = "VerifyFull" }, version, null, cancellationToken: Ct);

        Assert.Equal(DatabaseSslMode.VerifyFull, (await Configuration.GetAsync<DatabaseSettings>(Ct)).Settings.SslMode);
    }

    [Fact]
    public async Task An_export_from_before_the_TLS_mode_imports_useSsl_true_as_Require_and_previews_the_change()
    {
        var transfer = _node.Get<ConfigurationTransferService>();
        var current = await transfer.ExportAsync(TestActors.Administrator(), null, Ct);
        var older = TransferFiles.Resign(current.Content, document =>
        {
            var database = document["configuration"]!["database"]!.AsObject();
            database.Remove("sslMode");
            database["useSsl"] = true;
        });

        var preview = await transfer.PreviewAsync(TestActors.Administrator(), older, null, Ct);
        var database = Assert.Single(preview.Sections, s => s.Section == ConfigurationRegistry.Database);
        var change = Assert.Single(database.Fields, f => f.Field == "sslMode");
        Assert.Equal(("Prefer", "Require"), (change.Current, change.Incoming));

        await transfer.ApplyAsync(TestActors.Administrator(), new ImportRequest(older, null, "older.vmoconfig") { Sections = [ConfigurationRegistry.Database] }, Ct);

        Assert.Equal(DatabaseSslMode.Require, (await Configuration.GetAsync<DatabaseSettings>(Ct)).Settings.SslMode);
    }

    private async Task StoreOldRevisionAsync(bool useSsl)
    {
        var version = (await Configuration.GetAsync<DatabaseSettings>(Ct)).Version;
        await using (var db = _node.CreateDbContext())
        {
            db.Revisions.Add(new ConfigurationRevision
            {
                Section = ConfigurationRegistry.Database,
                Version = version + 1,
                Author = "admin",
                Time = DateTimeOffset.UtcNow,
                Values = OldDatabaseSection.Replace("USE_SSL", useSsl ? "true" : "false", StringComparison.Ordinal),
            });
            await db.SaveChangesAsync(Ct);
        }

        Configuration.Invalidate();
    }
}
