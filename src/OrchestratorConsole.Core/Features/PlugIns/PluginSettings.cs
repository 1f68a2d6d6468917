using System.Text.Json;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>Validates, encrypts and redacts a plug-in's settings against the schema its manifest declares.</summary>
public static class PluginSettings
{
    /// <summary>The settings a fresh install starts with: each field's default.</summary>
    public static JsonObject Defaults(PluginManifest manifest, JsonObject? previous = null)
    {
        var values = new JsonObject();
        foreach (var field in manifest.Configuration)
        {
            values[field.Name] = previous is not null && previous.ContainsKey(field.Name)
                ? previous[field.Name]?.DeepClone()
                : field.Default is { } d ? JsonNode.Parse(d.GetRawText()) : null;
        }

        return values;
    }

    /// <summary>Lays <paramref name="changes"/> over <paramref name="current"/> (a secret sent as null keeps its value) and checks each field's type.</summary>
    public static JsonObject Merge(PluginManifest manifest, JsonObject current, JsonObject changes, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var merged = (JsonObject)current.DeepClone();
        foreach (var (key, value) in changes)
        {
            var field = manifest.Configuration.FirstOrDefault(f => string.Equals(f.Name, key, StringComparison.OrdinalIgnoreCase));
            if (field is null)
            {
                continue;
            }

            if (field.Type == PluginFieldType.Secret && value is null)
            {
                continue;
            }

            if (Check(field, value) is { } problem)
            {
                errors[field.Name] = [problem];
                continue;
            }

            merged[field.Name] = value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0 ? null : value?.DeepClone();
        }

        return merged;
    }

    /// <summary>Required fields that have no value: the plug-in shows a warning (it does not block a start).</summary>
    public static IReadOnlyList<string> Missing(PluginManifest manifest, JsonObject values) =>
        manifest.Configuration.Where(f => f.Required && values[f.Name] is null).Select(f => f.Label).ToList();

    public static JsonObject Redact(PluginManifest manifest, JsonObject values)
    {
        var view = new JsonObject();
        foreach (var field in manifest.Configuration)
        {
            if (field.Type == PluginFieldType.Secret)
            {
                view[field.Name] = null;
                view[field.Name + "HasValue"] = values[field.Name] is not null;
            }
            else
            {
                view[field.Name] = values[field.Name]?.DeepClone();
            }
        }

        return view;
    }

    public static JsonObject Protect(PluginManifest manifest, JsonObject clear, SecretProtector secrets) => Transform(manifest, clear, secrets.Protect);

    public static JsonObject Unprotect(PluginManifest manifest, JsonObject stored, SecretProtector secrets) => Transform(manifest, stored, secrets.Unprotect);

    private static JsonObject Transform(PluginManifest manifest, JsonObject values, Func<string, string> transform)
    {
        var result = (JsonObject)values.DeepClone();
        foreach (var field in manifest.Configuration.Where(f => f.Type == PluginFieldType.Secret))
        {
            if (result[field.Name] is JsonValue v && v.TryGetValue<string>(out var s))
            {
                result[field.Name] = transform(s);
            }
        }

        return result;
    }

    private static string? Check(PluginField field, JsonNode? value)
    {
        if (value is null || (value is JsonValue e && e.TryGetValue<string>(out var empty) && empty.Length == 0 && field.Type is not (PluginFieldType.Integer or PluginFieldType.Port or PluginFieldType.Boolean)))
        {
            return null;
        }

        var kind = value.GetValueKind();
        return field.Type switch
        {
            PluginFieldType.Boolean => kind is JsonValueKind.True or JsonValueKind.False ? null : $"{field.Label} must be true or false.",
            PluginFieldType.Integer => kind == JsonValueKind.Number && value.AsValue().TryGetValue<long>(out _) ? null : $"{field.Label} must be a whole number.",
            PluginFieldType.Port => kind == JsonValueKind.Number && value.AsValue().TryGetValue<int>(out var port) && port is >= 1 and <= 65535 ? null : $"{field.Label} must be a port between 1 and 65535.",
            _ when kind != JsonValueKind.String => $"{field.Label} must be text.",
            PluginFieldType.Host => Uri.CheckHostName(value.GetValue<string>().Trim()) != UriHostNameType.Unknown ? null : $"'{value.GetValue<string>()}' is not a valid host name or address.",
            PluginFieldType.Url => Uri.TryCreate(value.GetValue<string>(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? null : $"{field.Label} must be an absolute http or https address.",
            _ => value.GetValue<string>().Length > 4096 ? $"{field.Label} is at most 4096 characters." : null,
        };
    }
}
