using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>Reads and checks <c>plugin.json</c>; every rule it breaks is named.</summary>
public static partial class PluginManifestParser
{
    public const int MaxFields = 200;
    public const int MaxContentItems = 20_000;

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9.-]{1,98})[a-z0-9]$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]{0,63}$")]
    private static partial Regex FieldNamePattern();

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Parses the manifest; throws <see cref="PluginPackageException"/> naming what is wrong.</summary>
    public static PluginManifest Parse(ReadOnlySpan<byte> json)
    {
        RawManifest raw;
        try
        {
            raw = JsonSerializer.Deserialize<RawManifest>(json, Options) ?? throw new PluginPackageException("plugin.json is empty.");
        }
        catch (JsonException ex)
        {
            throw new PluginPackageException($"plugin.json is not valid JSON ({ex.Message.Split('.')[0]}).");
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(raw.Id) || !IdPattern().IsMatch(raw.Id))
        {
            problems.Add($"The id '{raw.Id}' must be 3 to 100 lowercase letters, digits, '.' or '-' (for example com.example.mail).");
        }

        RequireText(problems, "name", raw.Name, 100);
        RequireText(problems, "vendor", raw.Vendor, 100);
        if (raw.Description?.Length > 2000)
        {
            problems.Add("The description is at most 2000 characters.");
        }

        if (!SemanticVersion.TryParse(raw.Version, out var version))
        {
            problems.Add($"The version '{raw.Version}' is not a semantic version (major.minor.patch, for example 1.4.0).");
        }

        var fields = ParseFields(raw.Configuration ?? [], problems);
        var content = ParseContent(raw.Content ?? [], problems);
        if (problems.Count > 0)
        {
            throw new PluginPackageException("The manifest plugin.json is invalid: " + string.Join(" ", problems));
        }

        var manifest = new PluginManifest(raw.Id!, raw.Name!.Trim(), version, raw.Vendor!.Trim(), raw.Description, fields, content);
        var section = new PluginSectionDefinition(manifest);
        try
        {
            var defaults = section.Normalize(section.Defaults());
            problems.AddRange(section.Validate(defaults).Select(e => $"The default of '{e.Field}' is invalid: {e.Message}"));
        }
        catch (Common.ValidationFailedException ex)
        {
            problems.AddRange(ex.Errors.Select(e => $"The default of '{e.Key}' is invalid: {string.Join(" ", e.Value)}"));
        }

        return problems.Count == 0 ? manifest : throw new PluginPackageException("The manifest plugin.json is invalid: " + string.Join(" ", problems));
    }

    private static void RequireText(List<string> problems, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"The {field} is required.");
        }
        else if (value.Length > max)
        {
            problems.Add($"The {field} is at most {max} characters.");
        }
        else if (value.IndexOfAny(['<', '>']) >= 0 || value.Any(char.IsControl))
        {
            problems.Add($"The {field} '{value}' contains markup or control characters, which a package name may not.");
        }
    }

    private static List<PluginField> ParseFields(List<RawField> raw, List<string> problems)
    {
        if (raw.Count > MaxFields)
        {
            problems.Add($"A plug-in has at most {MaxFields} configuration fields.");
            return [];
        }

        var fields = new List<PluginField>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var f in raw)
        {
            if (f.Name is null || !FieldNamePattern().IsMatch(f.Name))
            {
                problems.Add($"The configuration field name '{f.Name}' must start with a letter and hold only letters, digits and '_'.");
                continue;
            }

            if (!names.Add(f.Name))
            {
                problems.Add($"The configuration field '{f.Name}' is declared twice.");
            }

            if (!Enum.TryParse<PluginFieldType>(f.Type, ignoreCase: true, out var type) || int.TryParse(f.Type, out _))
            {
                problems.Add($"The configuration field '{f.Name}' has the unknown type '{f.Type}'; types: {string.Join(", ", Enum.GetNames<PluginFieldType>().Select(n => n.ToLowerInvariant()))}.");
                continue;
            }

            if (f.Label?.IndexOfAny(['<', '>']) >= 0)
            {
                problems.Add($"The label of '{f.Name}' contains markup.");
            }

            if (type == PluginFieldType.Secret && f.Default is { ValueKind: not JsonValueKind.Null })
            {
                problems.Add($"The secret field '{f.Name}' may not have a default.");
            }

            if ((f.Minimum is not null || f.Maximum is not null) && type != PluginFieldType.Integer)
            {
                problems.Add($"The configuration field '{f.Name}' has a minimum or maximum, which only an integer field may have.");
            }
            else if (f.Minimum > f.Maximum)
            {
                problems.Add($"The configuration field '{f.Name}' has a minimum ({f.Minimum}) above its maximum ({f.Maximum}).");
            }

            fields.Add(new PluginField(f.Name, string.IsNullOrWhiteSpace(f.Label) ? f.Name : f.Label.Trim(), type, f.Required, f.Default is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } d ? d.Clone() : null, f.Description)
            {
                Minimum = f.Minimum,
                Maximum = f.Maximum,
                Target = f.Target,
            });
        }

        return fields;
    }

    private static List<PluginContentEntry> ParseContent(List<RawContent> raw, List<string> problems)
    {
        if (raw.Count > MaxContentItems)
        {
            problems.Add($"A plug-in has at most {MaxContentItems} content items.");
            return [];
        }

        var content = new List<PluginContentEntry>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in raw)
        {
            if (string.IsNullOrWhiteSpace(c.Id) || c.Id.Length > 200)
            {
                problems.Add("Every content item needs an id of at most 200 characters.");
                continue;
            }

            if (!ids.Add(c.Id))
            {
                problems.Add($"The content id '{c.Id}' is used twice.");
            }

            if (c.Kind is not ("workflow" or "action"))
            {
                problems.Add($"The content item '{c.Id}' has the kind '{c.Kind}'; kinds: workflow, action.");
            }

            if (string.IsNullOrWhiteSpace(c.File))
            {
                problems.Add($"The content item '{c.Id}' names no file.");
                continue;
            }

            content.Add(new PluginContentEntry(c.Id, c.Kind ?? string.Empty, string.IsNullOrWhiteSpace(c.Name) ? c.Id : c.Name.Trim(), c.File.Replace('\\', '/')));
        }

        return content;
    }

    private sealed record RawManifest(
        string? Id,
        string? Name,
        string? Version,
        string? Vendor,
        string? Description,
        List<RawField>? Configuration,
        List<RawContent>? Content);

    private sealed record RawField(string? Name, string? Label, string? Type, bool Required, JsonElement? Default, string? Description, long? Minimum, long? Maximum, bool Target);

    private sealed record RawContent(string? Id, string? Kind, string? Name, string? File);
}
