using System.ComponentModel.DataAnnotations;

namespace OrchestratorConsole.Core.Options;

/// <summary>Start-up settings of this node (the <c>Node</c> configuration section).</summary>
public sealed class NodeOptions
{
    public const string SectionName = "Node";

    /// <summary>Address other nodes and people use to reach this console; defaults to the first listen address.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Folder of the node's files, relative to the content root unless rooted.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    public SettingsStoreOptions SettingsStore { get; set; } = new();
}
