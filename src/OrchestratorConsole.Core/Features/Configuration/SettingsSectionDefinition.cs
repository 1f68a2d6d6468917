using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>A built-in section declared by a settings record: one field per public read-write property.</summary>
public sealed class SettingsSectionDefinition : SectionDefinition
{
    private readonly Func<object> _createDefault;
    private readonly Action<JsonObject>? _upgrade;

    internal SettingsSectionDefinition(string name, string title, Type settingsType, FieldFlags flags, Func<object> createDefault, Action<JsonObject>? upgrade = null)
        : base(name, title, flags)
    {
        SettingsType = settingsType;
        _createDefault = createDefault;
        _upgrade = upgrade;
        Fields = settingsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite)
            .Select(p => new FieldDefinition(
                name,
                JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                p.GetCustomAttribute<DisplayAttribute>()?.Name ?? p.Name,
                KindOf(p.PropertyType),
                flags | (p.GetCustomAttribute<ConfigurationFieldAttribute>()?.Flags ?? FieldFlags.None))
            {
                Choices = (Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType) is { IsEnum: true } e ? Enum.GetNames(e) : [],
                Minimum = p.GetCustomAttribute<RangeAttribute>() is { } range ? Convert.ToInt64(range.Minimum, CultureInfo.InvariantCulture) : null,
                Maximum = p.GetCustomAttribute<RangeAttribute>() is { } r ? Convert.ToInt64(r.Maximum, CultureInfo.InvariantCulture) : null,
                MaxLength = p.GetCustomAttribute<StringLengthAttribute>()?.MaximumLength,
            })
            .ToArray();
    }

    public Type SettingsType { get; }

    public override IReadOnlyList<FieldDefinition> Fields { get; }

    public override JsonObject Defaults() => ToJson(_createDefault());

    public override void Upgrade(JsonObject values) => _upgrade?.Invoke(values);

    public override JsonObject Normalize(JsonObject values) => ToJson(ToSettings(values));

    /// <summary>Each field's bounds (declared on the settings record), then the record's own rules.</summary>
    public override IEnumerable<FieldError> Validate(JsonObject values) =>
        Fields.SelectMany(f => f.OutOfBounds(values[f.Name])).Concat(ToSettings(values).Validate());

    /// <summary>The rules of <paramref name="settings"/>, as a save applies them: what a form shows before it saves.</summary>
    public IEnumerable<FieldError> Validate(ISectionSettings settings) => Validate(ToJson(settings));

    /// <summary>The typed settings of <paramref name="values"/>; a value of the wrong kind is a validation failure naming its field.</summary>
    public ISectionSettings ToSettings(JsonObject values)
    {
        try
        {
            return (ISectionSettings)(values.Deserialize(SettingsType, ConfigurationRegistry.JsonOptions)
                ?? throw ValidationFailedException.For("values", "The section's values are missing."));
        }
        catch (JsonException ex)
        {
            var name = ex.Path?.TrimStart('$', '.') is { Length: > 0 } p ? p : "values";
            var field = Field(name);
            var expected = field is null ? "a valid value" : field.Limit is { } limit ? $"{field.Expected} {limit}" : field.Expected;
            throw ValidationFailedException.For(name, $"{field?.Label ?? $"The field '{name}'"} must be {expected}.");
        }
    }

    public JsonObject ToJson(object settings) => JsonSerializer.SerializeToNode(settings, SettingsType, ConfigurationRegistry.JsonOptions)!.AsObject();

    private static FieldKind KindOf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(int) || t == typeof(long))
        {
            return FieldKind.Integer;
        }

        if (t == typeof(bool))
        {
            return FieldKind.Boolean;
        }

        return t.IsEnum ? FieldKind.Choice : FieldKind.Text;
    }
}
