using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.PlugIns;

/// <summary>What a killed process leaves in the plug-ins folder is gone at the next start; what an installed plug-in names stays.</summary>
public sealed class PackageLeftoverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Staged_uploads_and_unrecorded_package_files_are_removed_at_start_and_recorded_packages_stay()
    {
        using var directory = new TempDirectory();
        string recorded;
        await using (var node = await NodeHost.StartAsync(new NodeHostOptions { DataDirectory = directory.Path }, Ct))
        {
            await node.InstallAsync(ProbePlugin.Package());
            recorded = await node.Get<PluginService>().PackagePathAsync(ProbePlugin.Id, Ct);
        }

        var plugins = Path.Combine(directory.Path, "plugins");
        var staged = Path.Combine(plugins, ".incoming", "0123456789abcdef.tmp");
        var unrecorded = Path.Combine(plugins, ProbePlugin.Id, "2.0.0-00112233aabbccdd.vmoapp");
        var otherPlugin = Path.Combine(plugins, "com.example.gone", "1.0.0-00112233aabbccdd.vmoapp");
        foreach (var file in new[] { staged, unrecorded, otherPlugin })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllBytesAsync(file, [1, 2, 3], Ct);
        }

        await using var again = await NodeHost.StartAsync(new NodeHostOptions { DataDirectory = directory.Path }, Ct);

        Assert.False(File.Exists(staged));
        Assert.False(File.Exists(unrecorded));
        Assert.False(File.Exists(otherPlugin));
        Assert.True(File.Exists(recorded));
        Assert.Equal(recorded, await again.Get<PluginService>().PackagePathAsync(ProbePlugin.Id, Ct));
    }
}
