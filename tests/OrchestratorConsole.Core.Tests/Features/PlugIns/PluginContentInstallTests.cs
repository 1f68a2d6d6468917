using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Core.Features.Server;
using OrchestratorConsole.Core.Features.Troubleshooting;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.PlugIns;

/// <summary>Plug-in content goes into the Orchestrator database at server start; Reset current version repairs it.</summary>
public sealed class PluginContentInstallTests : IAsyncLifetime
{
    private const string Mail = "com.vmware.o11n.mail";
    private const string Ssh = "com.vmware.o11n.ssh";
    private NodeHost _node = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _node = await NodeHost.StartAsync(NodeStore.Sqlite, Ct);

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    [Theory]
    [InlineData(DatabaseType.Embedded)]
    [InlineData(DatabaseType.PostgreSQL)]
    public async Task A_start_installs_the_content_of_an_installed_plugin_and_records_its_version(DatabaseType type)
    {
        var database = await _node.UseDatabaseAsync(type);
        var package = PluginPackages.Sample("mail");
        await _node.InstallAsync(package);
        Assert.Empty(await _node.ContentAsync(database, Mail)); // not before the next start

        await _node.StartRunningAsync();

        var content = await _node.ContentAsync(database, Mail);
        Assert.Equal(Bodies(package), content.ToDictionary(c => c.Key, c => c.Value.Body));
        Assert.Equal("workflow", content["mail.send-notification"].Kind);
        Assert.Equal("7.0.1", (await _node.RecordedVersionsAsync(database))[Mail]);
        var step = _node.Get<OrchestratorServer>().Steps.Single(s => s.Name == "Installing plug-in content");
        Assert.Equal("Installed: Mail 7.0.1 (3 items).", step.Message);
        Assert.Equal("7.0.1", (await _node.Get<PluginService>().ListAsync(Ct)).Single().InstalledInDatabase);
    }

    [Theory]
    [InlineData(DatabaseType.Embedded)]
    [InlineData(DatabaseType.PostgreSQL)]
    public async Task Reset_current_version_repairs_damaged_content_that_a_plain_restart_leaves_alone(DatabaseType type)
    {
        var database = await _node.UseDatabaseAsync(type);
        var package = PluginPackages.Sample("mail");
        await _node.InstallAsync(package);
        await _node.StartRunningAsync();

        await _node.ExecuteAsync(database, "UPDATE plugin_content SET body = 'damaged'");
        await _node.StopServerAsync();
        await _node.StartRunningAsync();

        Assert.All((await _node.ContentAsync(database, Mail)).Values, c => Assert.Equal("damaged", c.Body));
        Assert.Equal("No plug-in content is due.", ContentStep().Message);

        await _node.Get<TroubleshootingService>().ResetCurrentVersionAsync(TestActors.Support(), Ct);
        Assert.True(await _node.Get<TroubleshootingService>().IsResetPendingAsync(Ct));
        await _node.StopServerAsync();
        await _node.StartRunningAsync();

        Assert.Equal(Bodies(package), (await _node.ContentAsync(database, Mail)).ToDictionary(c => c.Key, c => c.Value.Body));
        Assert.Equal("Reinstalled (Reset current version): Mail 7.0.1 (3 items).", ContentStep().Message);
        Assert.False(await _node.Get<TroubleshootingService>().IsResetPendingAsync(Ct));
    }

    [Fact]
    public async Task After_switching_to_a_fresh_database_the_content_is_installed_there()
    {
        var first = await _node.UseDatabaseAsync(DatabaseType.PostgreSQL);
        var package = PluginPackages.Sample("mail");
        await _node.InstallAsync(package);
        await _node.StartRunningAsync();
        await _node.StopServerAsync();

        await _node.Get<TroubleshootingService>().ResetCurrentVersionAsync(TestActors.Administrator(), Ct);
        var fresh = await _node.UseDatabaseAsync(DatabaseType.PostgreSQL);
        Assert.NotEqual(first.DatabaseName, fresh.DatabaseName);
        Assert.Empty(await _node.ContentAsync(fresh, Mail));
        await _node.StartRunningAsync();

        Assert.Equal(Bodies(package), (await _node.ContentAsync(fresh, Mail)).ToDictionary(c => c.Key, c => c.Value.Body));
        Assert.Equal("7.0.1", (await _node.RecordedVersionsAsync(fresh))[Mail]);
    }

    [Fact]
    public async Task An_upgrade_replaces_the_content_at_the_next_start()
    {
        var database = await _node.UseDatabaseAsync(DatabaseType.Embedded);
        await _node.InstallAsync(PluginPackages.Sample("mail"));
        await _node.StartRunningAsync();
        await _node.StopServerAsync();

        var upgrade = PluginPackages.Repack(PluginPackages.Sample("mail"), m =>
        {
            m["version"] = "7.1.0";
            m["content"]!.AsArray().RemoveAt(2);
        });
        await _node.InstallAsync(upgrade);
        await _node.StartRunningAsync();

        Assert.Equal(["mail.send-html", "mail.send-notification"], (await _node.ContentAsync(database, Mail)).Keys.Order());
        Assert.Equal("7.1.0", (await _node.RecordedVersionsAsync(database))[Mail]);
    }

    [Fact]
    public async Task A_disabled_plugins_content_is_not_installed()
    {
        var database = await _node.UseDatabaseAsync(DatabaseType.Embedded);
        await _node.InstallAsync(PluginPackages.Sample("mail"));
        await _node.InstallAsync(PluginPackages.Sample("ssh"));
        await _node.Get<PluginService>().SetEnabledAsync(TestActors.Administrator(), Ssh, false, Ct);

        await _node.StartRunningAsync();

        Assert.Empty(await _node.ContentAsync(database, Ssh));
        Assert.Equal(3, (await _node.ContentAsync(database, Mail)).Count);
        Assert.Equal([Mail], (await _node.RecordedVersionsAsync(database)).Keys);
    }

    [Fact]
    public async Task A_plugin_missing_required_settings_does_not_block_a_start()
    {
        await _node.InstallAsync(PluginPackages.Sample("mail"));
        var mail = (await _node.Get<PluginService>().ListAsync(Ct)).Single();
        Assert.False(mail.Configured);
        Assert.Equal(["SMTP host", "Sender address"], mail.MissingSettings);

        var status = await _node.StartServerAsync();

        Assert.Equal(ServerState.Running, status.State);
    }

    [Fact]
    public async Task Uninstalling_removes_the_content_and_the_recorded_version_from_the_database()
    {
        var database = await _node.UseDatabaseAsync(DatabaseType.PostgreSQL);
        await _node.InstallAsync(PluginPackages.Sample("mail"));
        await _node.StartRunningAsync();
        await _node.StopServerAsync();

        await _node.Get<PluginService>().UninstallAsync(TestActors.Administrator(), Mail, Ct);

        Assert.Empty(await _node.ContentAsync(database, Mail));
        Assert.Empty(await _node.RecordedVersionsAsync(database));
        Assert.Empty(await _node.Get<PluginService>().ListAsync(Ct));
    }

    [Fact]
    public async Task Reset_current_version_asked_while_a_start_clears_the_flag_is_kept_not_a_failure()
    {
        var troubleshooting = _node.Get<TroubleshootingService>();
        var installer = _node.Get<PluginContentInstaller>();
        var settings = _node.Get<IDbContextFactory<SettingsDbContext>>();
        var asks = Task.Run(async () =>
        {
            for (var i = 0; i < 2000; i++)
            {
                await installer.SetResetAsync(Ct);
            }
        }, Ct);
        var clears = Task.Run(async () =>
        {
            // What a server start does once it has reinstalled the content.
            while (!asks.IsCompleted)
            {
                await using var db = await settings.CreateDbContextAsync(Ct);
                await db.NodeProperties.Where(p => p.Key == PluginContentInstaller.ResetFlag).ExecuteDeleteAsync(Ct);
            }
        }, Ct);

        await Task.WhenAll(asks, clears);
        await troubleshooting.ResetCurrentVersionAsync(TestActors.Support(), Ct);

        Assert.True(await troubleshooting.IsResetPendingAsync(Ct));
    }

    private StartStep ContentStep() => _node.Get<OrchestratorServer>().Steps.Single(s => s.Name == "Installing plug-in content");

    private static Dictionary<string, string> Bodies(byte[] package) => PluginNode.Bodies(package);
}
