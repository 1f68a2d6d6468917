using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

/// <summary>
/// A secret is bound to the target fields of its section (host, port, database, user...): an import that changes a
/// target while the file leaves the secret out must not keep this node's secret, or the next connection would send it
/// to the new place, whoever wrote the file. Such a secret is required again.
/// </summary>
internal static class SecretBinding
{
    /// <summary>
    /// The secrets of <paramref name="section"/> that the file leaves out, that this node holds, and that the import
    /// would send to a changed target. The targets are compared on what the import would store, not on the file's text.
    /// </summary>
    public static IReadOnlyList<RequiredSecret> Required(OpenedFile file, SectionDefinition section, JsonObject live, JsonObject incoming, string secretPath, string label)
    {
        var kept = section.Fields.Where(f => f.IsSecret && file.OmittedSecrets.Contains($"{secretPath}.{f.Name}") && live[f.Name] is not null).ToList();
        if (kept.Count == 0)
        {
            return [];
        }

        var stored = SectionJson.Merge(section, live, WithoutOmittedSecrets(file, section, incoming, secretPath), clearSecretsSentAsNull: true);
        var changed = section.Fields.Where(f => f.IsTarget && !JsonNode.DeepEquals(live[f.Name], stored[f.Name])).Select(f => label + f.Name).ToList();
        return changed.Count == 0 ? [] : [.. kept.Select(f => new RequiredSecret($"{secretPath}.{f.Name}", label + f.Name, changed) { MaxLength = f.MaxLength })];
    }

    /// <summary>
    /// The values to save for a section: the file's, without the secrets it leaves out (those keep this node's value)
    /// unless the administrator typed them for this import.
    /// </summary>
    public static JsonObject Incoming(OpenedFile file, SectionDefinition section, JsonObject values, string secretPath, IReadOnlyDictionary<string, string> given)
    {
        var copy = WithoutOmittedSecrets(file, section, values, secretPath);
        foreach (var field in section.Fields.Where(f => f.IsSecret))
        {
            if (given.TryGetValue($"{secretPath}.{field.Name}", out var typed) && typed.Length > 0)
            {
                copy[field.Name] = typed;
            }
        }

        return copy;
    }

    /// <summary>
    /// Refuses, naming each section and field, an import of <paramref name="sections"/> that leaves a required secret
    /// untyped, or types a secret the file does not leave out; nothing is written.
    /// </summary>
    public static void Check(OpenedFile file, ImportPreview preview, IReadOnlyCollection<string> sections, IReadOnlyDictionary<string, string> given)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var section in preview.Sections.Where(s => sections.Contains(s.Section, StringComparer.OrdinalIgnoreCase)))
        {
            foreach (var secret in section.SecretsRequired.Where(s => !(given.TryGetValue(s.Path, out var typed) && typed.Length > 0)))
            {
                errors[secret.Path] = [$"The secret '{secret.Field}' of the section '{section.Section}' is required again. {secret.Message}"];
            }
        }

        foreach (var path in given.Keys.Where(p => !file.OmittedSecrets.Contains(p)))
        {
            errors[path] = [$"'{path}' is not a secret this file leaves out; only those can be entered at import."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException("Nothing was imported: " + string.Join(" ", errors.Values.SelectMany(m => m)), errors);
        }
    }

    private static JsonObject WithoutOmittedSecrets(OpenedFile file, SectionDefinition section, JsonObject values, string secretPath)
    {
        var copy = (JsonObject)values.DeepClone();
        foreach (var field in section.Fields.Where(f => file.OmittedSecrets.Contains($"{secretPath}.{f.Name}")))
        {
            copy.Remove(field.Name);
        }

        return copy;
    }
}
