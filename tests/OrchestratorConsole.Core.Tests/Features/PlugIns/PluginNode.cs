using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Data.Orchestrator;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Core.Features.Server;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.PlugIns;

/// <summary>The steps the plug-in tests take on a <see cref="NodeHost"/>, as an administrator would.</summary>
internal static class PluginNode
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<PluginInstallResult> InstallAsync(this NodeHost node, byte[] package, bool confirmDowngrade = false)
    {
        using var upload = new MemoryStream(package);
        return await node.Get<PluginService>().InstallAsync(TestActors.Administrator(), upload, confirmDowngrade, Ct);
    }

    /// <summary>Starts the server and waits until it leaves Starting.</summary>
    public static async Task<ServerStatus> StartServerAsync(this NodeHost node)
    {
        var server = node.Get<OrchestratorServer>();
        await server.StartAsync(TestActors.Administrator(), Ct);
        return await server.WaitWhileStartingAsync(TimeSpan.FromSeconds(60));
    }

    public static async Task<ServerStatus> StartRunningAsync(this NodeHost node)
    {
        var status = await node.StartServerAsync();
        Assert.True(status.State == ServerState.Running, $"The server did not start: {status.State} {status.Reason}");
        return status;
    }

    public static Task StopServerAsync(this NodeHost node) => node.Get<OrchestratorServer>().StopAsync(TestActors.Administrator(), Ct);

    public static async Task<DatabaseSettings> DatabaseAsync(this NodeHost node) =>
        (await node.Get<ConfigurationService>().GetAsync<DatabaseSettings>(Ct)).Settings;

    /// <summary>Points the node at <paramref name="type"/>: Embedded as it comes, or a fresh PostgreSQL database with its schema installed.</summary>
    public static async Task<DatabaseSettings> UseDatabaseAsync(this NodeHost node, DatabaseType type)
    {
        if (type == DatabaseType.Embedded)
        {
            var embedded = await node.DatabaseAsync();
            Assert.Equal(DatabaseType.Embedded, embedded.Type);
            return embedded;
        }

        var settings = await TestDatabases.FreshPostgresAsync("plug");
        var configuration = node.Get<ConfigurationService>();
        var current = await configuration.GetAsync<DatabaseSettings>(Ct);
        await configuration.SaveAsync(TestActors.Administrator(), settings, current.Version, "a fresh database", Ct);
        await node.Get<OrchestratorSchemaService>().InstallAsync(TestActors.Administrator(), settings, cancellationToken: Ct);
        return settings;
    }

    public static OrchestratorDbContext Orchestrator(this NodeHost node, DatabaseSettings settings) => node.Get<OrchestratorDatabase>().CreateContext(settings);

    /// <summary>The content items the Orchestrator database holds for <paramref name="pluginId"/>, by item id.</summary>
    public static async Task<Dictionary<string, PluginContentRecord>> ContentAsync(this NodeHost node, DatabaseSettings settings, string pluginId)
    {
        await using var context = node.Orchestrator(settings);
        return await context.PluginContent.AsNoTracking().Where(c => c.PluginId == pluginId).ToDictionaryAsync(c => c.ItemId, Ct);
    }

    /// <summary>The plug-in versions the Orchestrator database records as installed.</summary>
    public static async Task<Dictionary<string, string>> RecordedVersionsAsync(this NodeHost node, DatabaseSettings settings)
    {
        await using var context = node.Orchestrator(settings);
        return await context.InstalledPlugins.AsNoTracking().ToDictionaryAsync(p => p.PluginId, p => p.Version, Ct);
    }

    public static async Task ExecuteAsync(this NodeHost node, DatabaseSettings settings, string sql)
    {
        await using var context = node.Orchestrator(settings);
        await context.Database.ExecuteSqlRawAsync(sql, Ct);
    }

    /// <summary>The body of each content item of a package, as its files hold them.</summary>
    public static Dictionary<string, string> Bodies(byte[] package)
    {
        var manifest = PluginManifestParser.Parse(System.Text.Encoding.UTF8.GetBytes(PluginPackages.ReadEntry(package, PluginPackageReader.ManifestName)));
        return manifest.Content.ToDictionary(c => c.Id, c => PluginPackages.ReadEntry(package, c.File));
    }
}
