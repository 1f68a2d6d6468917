using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.PlugIns;

/// <summary>A node whose plug-in settings were kept beside the registry finds them, after the upgrade, as the first revision of the plug-in's section.</summary>
public sealed class PluginSettingsMigrationTests
{
    private const string Mail = "com.vmware.o11n.mail";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Settings_of_the_earlier_store_become_the_first_revision_of_the_plug_in_section()
    {
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "node-settings.db");
        var options = new DbContextOptionsBuilder<SqliteSettingsDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options;
        await using (var db = new SqliteSettingsDbContext(options))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261125134844_PlugIns", Ct);
        }

        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO plugins ("Id", "Name", "Version", "Vendor", "Enabled", "Manifest", "Settings", "PackageFile", "PackageBytes", "InstalledAt", "InstalledBy", "Revision")
                VALUES ($id, 'Mail', '7.0.1', 'VMware', 1, $manifest, $settings, 'com.vmware.o11n.mail/7.0.1.vmoapp', 0, 0, 'legacy-admin', 3)
                """;
            command.Parameters.AddWithValue("$id", Mail);
            command.Parameters.AddWithValue("$manifest", PluginPackages.ReadEntry(PluginPackages.Sample("mail"), "plugin.json"));
            command.Parameters.AddWithValue("$settings", """{"smtpHost":"legacy.example.org","smtpPort":2525,"useSsl":false,"userName":null,"password":null,"senderAddress":"o11n@example.org"}""");
            await command.ExecuteNonQueryAsync(Ct);
        }

        await using var node = await NodeHost.StartAsync(new NodeHostOptions { DataDirectory = directory.Path }, Ct);

        var configuration = node.Get<ConfigurationService>();
        var view = await configuration.GetViewAsync("plugin." + Mail, Ct);
        Assert.Equal(1, view.Version);
        Assert.Equal(("legacy.example.org", 2525), ((string?)view.Values["smtpHost"], (int?)view.Values["smtpPort"]));
        var revision = (await configuration.History.ListRevisionsAsync("plugin." + Mail, 0, 10, Ct)).Items.Single();
        Assert.Equal(("legacy-admin", "Plug-in settings moved into the configuration history"), (revision.Author, revision.Comment));
    }
}
