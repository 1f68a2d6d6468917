namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>A named node-local value (for example the Reset current version flag).</summary>
public sealed class NodeProperty
{
    public required string Key { get; set; }

    public required string Value { get; set; }
}
