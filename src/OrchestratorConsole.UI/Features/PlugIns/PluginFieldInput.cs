using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Features.PlugIns;

namespace OrchestratorConsole.UI.Features.PlugIns;

/// <summary>One field of a plug-in's settings form with the value the user sees and the one that is saved.</summary>
public sealed class PluginFieldInput
{
    /// <summary>A text field's longest value, as the service checks it.</summary>
    public const int MaxTextLength = PluginSectionDefinition.MaxTextLength;

    private readonly string? _savedText;
    private readonly long? _savedNumber;
    private readonly bool _savedFlag;

    public PluginFieldInput(PluginField field, JsonObject values)
    {
        Field = field;
        var value = values[field.Name];
        switch (field.Type)
        {
            case PluginFieldType.Secret:
                Stored = values[field.Name + "HasValue"] is JsonValue stored && stored.TryGetValue<bool>(out var has) && has;
                break;
            case PluginFieldType.Boolean:
                _savedFlag = value is JsonValue b && b.TryGetValue<bool>(out var flag) && flag;
                Flag = _savedFlag;
                break;
            case PluginFieldType.Integer or PluginFieldType.Port:
                _savedNumber = value is JsonValue n && n.GetValueKind() == JsonValueKind.Number && n.TryGetValue<long>(out var number) ? number : null;
                Number = _savedNumber;
                break;
            default:
                _savedText = value is JsonValue s && s.TryGetValue<string>(out var text) ? text : value?.ToJsonString();
                Text = _savedText;
                break;
        }
    }

    public PluginField Field { get; }

    /// <summary>Text, host, url, and what the user types into a secret.</summary>
    public string? Text { get; set; }

    /// <summary>Integer and port.</summary>
    public long? Number { get; set; }

    /// <summary>Boolean.</summary>
    public bool Flag { get; set; }

    /// <summary>A secret whose value is stored (never shown).</summary>
    public bool Stored { get; }

    public bool IsSecret => Field.Type == PluginFieldType.Secret;

    public bool IsNumber => Field.Type is PluginFieldType.Integer or PluginFieldType.Port;

    public bool IsBoolean => Field.Type == PluginFieldType.Boolean;

    /// <summary>Whether the saved value differs from what the form holds; a blank secret keeps its value.</summary>
    public bool Changed => Field.Type switch
    {
        PluginFieldType.Secret => !string.IsNullOrEmpty(Text),
        PluginFieldType.Boolean => Flag != _savedFlag,
        PluginFieldType.Integer or PluginFieldType.Port => Number != _savedNumber,
        _ => (Text ?? string.Empty) != (_savedText ?? string.Empty),
    };

    /// <summary>
    /// The description, the stored-secret note and whether the field is required, as one line under the input; how to
    /// keep a stored secret is said only to whoever may edit it.
    /// </summary>
    public string? HelperText(bool editable)
    {
        {
            var parts = new List<string>();
            if (Field.Required)
            {
                parts.Add("Required.");
            }

            if (IsSecret)
            {
                parts.Add(!Stored ? "No value is stored." : editable ? "A value is stored — leave blank to keep it." : "A value is stored.");
            }

            if (!string.IsNullOrWhiteSpace(Field.Description))
            {
                parts.Add(Field.Description.Trim());
            }

            return parts.Count == 0 ? null : string.Join(" ", parts);
        }
    }

    public JsonNode? ToJson() => Field.Type switch
    {
        PluginFieldType.Boolean => JsonValue.Create(Flag),
        PluginFieldType.Integer or PluginFieldType.Port => Number is { } n ? JsonValue.Create(n) : null,
        _ => JsonValue.Create(Text ?? string.Empty),
    };

    /// <summary>The field's messages for the value it holds: the rules the service applies, checked before saving.</summary>
    public IEnumerable<string> Messages() => Messages(IsNumber ? Number : IsBoolean ? null : Text);

    /// <summary>The messages for <paramref name="value"/> (what MudBlazor passes to a field's validation): the service's own check.</summary>
    public IEnumerable<string> Messages(object? value) => PluginSectionDefinition.Problems(Field, Field.Type switch
    {
        PluginFieldType.Boolean => null,
        PluginFieldType.Integer or PluginFieldType.Port => AsNumber(value) is { } number ? JsonValue.Create(number) : null,
        _ => value is string { Length: > 0 } text ? JsonValue.Create(text) : null,
    });

    /// <summary>The MudBlazor validation of a text, host, url or secret input.</summary>
    public Func<string?, IEnumerable<string>> TextValidation => value => Messages(value);

    /// <summary>The MudBlazor validation of an integer or port input.</summary>
    public Func<long?, IEnumerable<string>> NumberValidation => value => Messages(value);

    private static long? AsNumber(object? value) => value switch
    {
        null => null,
        long l => l,
        int i => i,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
