using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.ConfigurationTransfer;
using OrchestratorConsole.UI.Features.ConfigurationTransfer;

namespace OrchestratorConsole.UI.Tests.Features.ConfigurationTransfer;

/// <summary>The console test context with the node's transfer and cluster services, which the shared context does not hand out.</summary>
public abstract class TransferTestContext : ConsoleTestContext
{
    protected const string ExportPassword = "Export#Pass1";

    /// <summary>Resolved once the node runs: it starts after the constructor.</summary>
    protected TransferTestContext()
    {
        Services.AddSingleton(_ => Node.GetRequiredService<ConfigurationTransferService>());
        Services.AddSingleton(_ => Node.GetRequiredService<ClusterSyncService>());
    }

    protected static Actor Admin { get; } = new("vmware", new HashSet<string> { Roles.Administrator });

    protected ConfigurationTransferService Transfer => Node.GetRequiredService<ConfigurationTransferService>();

    protected ConsolePage<ConfigurationTransferPage> RenderTransferPage() => RenderPage<ConfigurationTransferPage>();
}
