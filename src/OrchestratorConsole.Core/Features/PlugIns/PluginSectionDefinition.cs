using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>
/// A plug-in's settings as a section of the configuration registry, <c>plugin.&lt;id&gt;</c>: one field per field of
/// the manifest's schema (kind, required, secret, target, range), cluster relevant, applied at the next server start.
/// </summary>
public sealed class PluginSectionDefinition : SectionDefinition
{
    public const string Prefix = "plugin.";

    /// <summary>The longest text a plug-in setting holds.</summary>
    public const int MaxTextLength = 4096;

    public PluginSectionDefinition(PluginManifest manifest)
        : base(NameOf(manifest.Id), manifest.Name, FieldFlags.ClusterRelevant | FieldFlags.NeedsRestart, ConfigurationRegistry.PluginsGroup)
    {
        Manifest = manifest;
        Fields = manifest.Configuration.Select(f => Definition(Name, f, Flags)).ToArray();
    }

    public PluginManifest Manifest { get; }

    public override IReadOnlyList<FieldDefinition> Fields { get; }

    public static string NameOf(string pluginId) => Prefix + pluginId;

    public static bool IsPluginSection(string section) => section.StartsWith(Prefix, StringComparison.Ordinal);

    public override JsonObject Defaults()
    {
        var values = new JsonObject();
        foreach (var field in Manifest.Configuration)
        {
            values[field.Name] = field.Default is { } d ? JsonNode.Parse(d.GetRawText()) : null;
        }

        return values;
    }

    public override JsonObject Normalize(JsonObject values)
    {
        var normalized = new JsonObject();
        var errors = new Dictionary<string, string[]>();
        foreach (var field in Fields)
        {
            if (!TryRead(field, values[field.Name], out var value))
            {
                errors[field.Name] = [$"{field.Label} must be {field.Expected}."];
            }
            else if (Validate(field, value).Select(e => e.Message).ToArray() is { Length: > 0 } broken)
            {
                // Every field's problem at once, whether of kind or of range.
                errors[field.Name] = broken;
            }
            else
            {
                normalized[field.Name] = value;
            }
        }

        return errors.Count == 0
            ? normalized
            : throw new ValidationFailedException($"The settings of {Title} were not saved: {string.Join(" ", errors.Values.SelectMany(m => m))}", errors);
    }

    /// <summary>The values of another schema mapped onto this one by field name; a value this schema cannot hold gives way to the default.</summary>
    public JsonObject Map(JsonObject previous)
    {
        var defaults = Defaults();
        var mapped = new JsonObject();
        foreach (var field in Fields)
        {
            // A value still in Data Protection form was a secret that this version's field is not: it is never carried over.
            var ciphertext = previous[field.Name] is JsonValue v && v.TryGetValue<string>(out var s) && SecretProtector.IsProtected(s);
            var keep = !ciphertext && previous.ContainsKey(field.Name) && TryRead(field, previous[field.Name], out var value) && !Validate(field, value).Any();
            mapped[field.Name] = keep ? previous[field.Name]?.DeepClone() : defaults[field.Name]?.DeepClone();
        }

        return mapped;
    }

    public override IEnumerable<FieldError> Validate(JsonObject values) => Fields.SelectMany(f => Validate(f, values[f.Name]));

    /// <summary>What is wrong with <paramref name="value"/> (null when unset) for <paramref name="field"/>, in the words a save refuses it with.</summary>
    public static IEnumerable<string> Problems(PluginField field, JsonNode? value) =>
        Validate(Definition(string.Empty, field, FieldFlags.None), value).Select(e => e.Message);

    private static FieldDefinition Definition(string section, PluginField f, FieldFlags flags) => new(
        section,
        f.Name,
        f.Label,
        KindOf(f.Type),
        flags | (f.Type == PluginFieldType.Secret ? FieldFlags.Secret : FieldFlags.None) | (f.IsTarget ? FieldFlags.Target : FieldFlags.None))
    {
        Required = f.Required,
        MaxLength = f.Type is PluginFieldType.Integer or PluginFieldType.Port or PluginFieldType.Boolean ? null : MaxTextLength,
        Minimum = f.Type == PluginFieldType.Port ? 1 : f.Minimum,
        Maximum = f.Type == PluginFieldType.Port ? 65535 : f.Maximum,
        Description = f.Description,
    };

    public override IEnumerable<FieldError> Warnings(JsonObject values) =>
        Fields.Where(f => f.Required && values[f.Name] is null).Select(f => new FieldError(f.Name, $"{f.Label} is required and not set."));

    private static IEnumerable<FieldError> Validate(FieldDefinition field, JsonNode? value)
    {
        if (value is null)
        {
            yield break;
        }

        if (field.Kind is FieldKind.Integer or FieldKind.Port)
        {
            var number = value.GetValue<long>();
            if (number < (field.Minimum ?? long.MinValue) || number > (field.Maximum ?? long.MaxValue))
            {
                yield return new FieldError(field.Name, field.Kind == FieldKind.Port
                    ? $"{field.Label} must be a port between 1 and 65535."
                    : $"{field.Label} must be between {field.Minimum?.ToString(CultureInfo.InvariantCulture) ?? "any"} and {field.Maximum?.ToString(CultureInfo.InvariantCulture) ?? "any"}.");
            }

            yield break;
        }

        if (field.Kind == FieldKind.Boolean)
        {
            yield break;
        }

        var text = value.GetValue<string>();
        if (text.Length > MaxTextLength)
        {
            yield return new FieldError(field.Name, $"{field.Label} is at most {MaxTextLength} characters.");
        }
        else if (field.Kind == FieldKind.Host && Uri.CheckHostName(text.Trim()) == UriHostNameType.Unknown)
        {
            yield return new FieldError(field.Name, $"'{text}' is not a valid host name or address.");
        }
        else if (field.Kind == FieldKind.Url && !(Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            yield return new FieldError(field.Name, $"{field.Label} must be an absolute http or https address.");
        }
    }

    /// <summary>Reads a value of <paramref name="field"/>'s kind: any JSON whole number for a number (a form may send a long, a script an int), empty text as unset.</summary>
    private static bool TryRead(FieldDefinition field, JsonNode? node, out JsonNode? value)
    {
        value = null;
        if (node is null)
        {
            return true;
        }

        var kind = node.GetValueKind();
        switch (field.Kind)
        {
            case FieldKind.Boolean:
                value = kind is JsonValueKind.True or JsonValueKind.False ? JsonValue.Create(kind == JsonValueKind.True) : null;
                return value is not null;
            case FieldKind.Integer or FieldKind.Port:
                if (kind == JsonValueKind.String && node.GetValue<string>().Length == 0)
                {
                    return true;
                }

                if (kind == JsonValueKind.Number && long.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    value = JsonValue.Create(number);
                    return true;
                }

                return false;
            default:
                if (kind != JsonValueKind.String)
                {
                    return false;
                }

                var text = node.GetValue<string>();
                value = text.Length == 0 ? null : JsonValue.Create(text);
                return true;
        }
    }

    private static FieldKind KindOf(PluginFieldType type) => type switch
    {
        PluginFieldType.Integer => FieldKind.Integer,
        PluginFieldType.Boolean => FieldKind.Boolean,
        PluginFieldType.Host => FieldKind.Host,
        PluginFieldType.Port => FieldKind.Port,
        PluginFieldType.Url => FieldKind.Url,
        _ => FieldKind.Text,
    };
}
