using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Core.Features.Troubleshooting;

namespace OrchestratorConsole.UI.Tests.Features.PlugIns;

/// <summary>The console test context with the node's plug-in and troubleshooting services handed to the pages.</summary>
public abstract class PluginTestContext : ConsoleTestContext
{
    /// <summary>The services are handed over lazily: the node starts after the constructor, and bUnit takes no service after the first render.</summary>
    protected PluginTestContext()
    {
        Services.AddSingleton(_ => Node.GetRequiredService<PluginService>());
        Services.AddSingleton(_ => Node.GetRequiredService<PluginPackageLimits>());
        Services.AddSingleton(_ => Node.GetRequiredService<TroubleshootingService>());
    }

    protected static Actor OtherAdministrator { get; } = new("other-admin", new HashSet<string> { Roles.Administrator });

    protected PluginService Plugins => Node.GetRequiredService<PluginService>();

    protected TroubleshootingService Troubleshooting => Node.GetRequiredService<TroubleshootingService>();

    /// <summary>Installs a package through the service, as another administrator would.</summary>
    protected async Task<PluginInstallResult> InstallAsync(byte[] package)
    {
        using var stream = new MemoryStream(package);
        return await Plugins.InstallAsync(OtherAdministrator, stream, confirmDowngrade: false, Cancellation);
    }
}
