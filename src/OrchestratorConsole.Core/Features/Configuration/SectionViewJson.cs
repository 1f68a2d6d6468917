using System.Text.Json.Nodes;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>A section as the API answers it and the log report keeps it.</summary>
public static class SectionViewJson
{
    /// <summary>The section's fields with its <c>version</c> beside them.</summary>
    public static JsonObject ToJson(this SectionView view)
    {
        var json = (JsonObject)view.Values.DeepClone();
        json["version"] = view.Version;
        return json;
    }
}
