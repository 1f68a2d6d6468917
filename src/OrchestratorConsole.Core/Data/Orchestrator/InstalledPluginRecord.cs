using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OrchestratorConsole.Core.Data.Orchestrator;

/// <summary>The version of a plug-in whose content the Orchestrator database holds.</summary>
public sealed class InstalledPluginRecord
{
    public required string PluginId { get; set; }

    public required string Version { get; set; }

    public DateTimeOffset InstalledAt { get; set; }

    public Guid InstalledBy { get; set; }
}
