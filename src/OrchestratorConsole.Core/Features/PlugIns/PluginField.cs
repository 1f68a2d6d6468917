using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>One field of a plug-in's configuration schema.</summary>
public sealed record PluginField(string Name, string Label, PluginFieldType Type, bool Required, JsonElement? Default, string? Description)
{
    /// <summary>The smallest value of an integer field, if bounded.</summary>
    public long? Minimum { get; init; }

    /// <summary>The largest value of an integer field, if bounded.</summary>
    public long? Maximum { get; init; }

    /// <summary>The schema marks the field <c>"target": true</c>: it says where the plug-in's secrets are sent (host and port fields are targets anyway).</summary>
    public bool Target { get; init; }

    /// <summary>Whether the plug-in's secrets are bound to this field: marked a target, or of a type that names a place.</summary>
    [JsonIgnore]
    public bool IsTarget => Target || Type is PluginFieldType.Host or PluginFieldType.Port or PluginFieldType.Url;
}
