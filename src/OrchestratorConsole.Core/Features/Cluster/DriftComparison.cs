using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Features.ConfigurationTransfer;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>The field-level difference of two nodes' comparison views; a secret shows only whether it is set and differs.</summary>
public static class DriftComparison
{
    public static List<DriftField> Compare(JsonObject viewA, JsonObject viewB)
    {
        var fields = new List<DriftField>();
        foreach (var section in viewA.Select(p => p.Key).Union(viewB.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            if (section == ConfigurationFile.PluginsSection)
            {
                var pa = viewA[section] as JsonObject ?? [];
                var pb = viewB[section] as JsonObject ?? [];
                foreach (var id in pa.Select(p => p.Key).Union(pb.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    Compare(fields, $"plugins.{id}", pa[id] as JsonObject, pb[id] as JsonObject);
                }
            }
            else
            {
                Compare(fields, section, viewA[section] as JsonObject, viewB[section] as JsonObject);
            }
        }

        return fields;
    }

    private static void Compare(List<DriftField> fields, string section, JsonObject? a, JsonObject? b)
    {
        foreach (var name in (a?.Select(p => p.Key) ?? []).Union(b?.Select(p => p.Key) ?? []).Order(StringComparer.Ordinal))
        {
            var va = a?[name];
            var vb = b?[name];
            if (JsonNode.DeepEquals(va, vb))
            {
                continue;
            }

            var secret = IsKeyedHash(va) || IsKeyedHash(vb);
            fields.Add(secret
                ? new DriftField(section, name, va is null ? "(not set)" : "(set)", vb is null ? "(not set)" : "(set, differs)", true)
                : new DriftField(section, name, Display(va, a is null), Display(vb, b is null), false));
        }
    }

    private static bool IsKeyedHash(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s.StartsWith("hmac:", StringComparison.Ordinal);

    private static string? Display(JsonNode? node, bool absent) => absent ? "(absent)" : node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
