using System.Text.Json.Nodes;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>Values of a section as the API shows them: secrets null with <c>&lt;field&gt;HasValue</c> beside them.</summary>
public sealed record SectionView(string Section, int Version, JsonObject Values)
{
    /// <summary>The section's fields with its <c>version</c> beside them, as the API reads and writes them.</summary>
    public JsonObject ToJson()
    {
        var json = (JsonObject)Values.DeepClone();
        json["version"] = Version;
        return json;
    }
}
