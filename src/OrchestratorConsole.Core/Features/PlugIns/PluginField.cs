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
}
