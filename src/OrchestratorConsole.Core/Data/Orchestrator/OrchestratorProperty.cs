using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OrchestratorConsole.Core.Data.Orchestrator;

/// <summary>A named value of the Orchestrator database, such as the cluster key.</summary>
public sealed class OrchestratorProperty
{
    public required string Key { get; set; }

    public required string Value { get; set; }
}
