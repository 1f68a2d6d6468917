using System.Text.Json.Nodes;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>The JSON forms of a section's values: merged, redacted for the API, protected for the store.</summary>
public static class SectionJson
{
    /// <summary>
    /// Lays <paramref name="changes"/> over <paramref name="current"/>: names are matched without regard to case and
    /// unknown ones ignored; a secret sent as null keeps its value unless <paramref name="clearSecretsSentAsNull"/>;
    /// an empty secret clears it. Changes in an older form are upgraded first (<see cref="SectionDefinition.Upgrade"/>).
    /// </summary>
    public static JsonObject Merge(SectionDefinition section, JsonObject current, JsonObject changes, bool clearSecretsSentAsNull)
    {
        var merged = (JsonObject)current.DeepClone();
        foreach (var (key, value) in Upgraded(section, changes))
        {
            if (section.Field(key) is not { } field)
            {
                continue;
            }

            if (field.IsSecret && value is null && !clearSecretsSentAsNull)
            {
                continue;
            }

            merged[field.Name] = field.IsSecret && value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0 ? null : value?.DeepClone();
        }

        return merged;
    }

    /// <summary>A copy of <paramref name="values"/> in the form of this version (<see cref="SectionDefinition.Upgrade"/>).</summary>
    public static JsonObject Upgraded(SectionDefinition section, JsonObject values)
    {
        var copy = (JsonObject)values.DeepClone();
        section.Upgrade(copy);
        return copy;
    }

    /// <summary>Secrets become null with a <c>HasValue</c> flag beside them.</summary>
    public static JsonObject Redact(SectionDefinition section, JsonObject clearValues)
    {
        var view = new JsonObject();
        foreach (var field in section.Fields)
        {
            var value = clearValues[field.Name];
            if (field.IsSecret)
            {
                view[field.Name] = null;
                view[field.Name + "HasValue"] = value is not null;
            }
            else
            {
                view[field.Name] = value?.DeepClone();
            }
        }

        return view;
    }

    /// <summary>Stored values with their secrets in clear, in the form of this version.</summary>
    public static JsonObject Reveal(SectionDefinition section, string stored, SecretProtector protector)
    {
        var values = JsonNode.Parse(stored)!.AsObject();
        section.Upgrade(values);
        foreach (var field in section.Fields.Where(f => f.IsSecret))
        {
            if (values[field.Name] is JsonValue v && v.TryGetValue<string>(out var protectedValue) && SecretProtector.IsProtected(protectedValue))
            {
                values[field.Name] = protector.Unprotect(protectedValue);
            }
        }

        return values;
    }

    /// <summary>Values as the store keeps them: secrets as Data Protection ciphertext.</summary>
    public static string Conceal(SectionDefinition section, JsonObject clearValues, SecretProtector protector)
    {
        var stored = (JsonObject)clearValues.DeepClone();
        foreach (var field in section.Fields.Where(f => f.IsSecret))
        {
            if (stored[field.Name] is JsonValue v && v.TryGetValue<string>(out var clear))
            {
                stored[field.Name] = protector.Protect(clear);
            }
        }

        return stored.ToJsonString();
    }

    /// <summary>A value as a person reads it: text as it is, anything else as JSON.</summary>
    public static string? Display(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
