using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OrchestratorConsole.Core.Data.Orchestrator;

/// <summary>A workflow or action a plug-in installed into the Orchestrator database.</summary>
public sealed class PluginContentRecord
{
    public required string PluginId { get; set; }

    public required string ItemId { get; set; }

    public required string Kind { get; set; }

    public required string Name { get; set; }

    public required string Body { get; set; }

    public required string Checksum { get; set; }
}
