using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

/// <summary>
/// JSON with every object's keys in ordinal order, two-space indents and LF line ends: the same configuration
/// always gives the same bytes, so exports diff cleanly in git.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, IndentSize = 2, NewLine = "\n", Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode? node) => Sort(node)?.ToJsonString(Options) + "\n";

    public static byte[] Bytes(JsonNode? node) => Encoding.UTF8.GetBytes(Write(node));

    /// <summary>A copy of <paramref name="node"/> with the keys of every object sorted.</summary>
    public static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Sort).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
