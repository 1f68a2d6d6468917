using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>One configuration field, declared once: its kind, flags and bounds.</summary>
public sealed record FieldDefinition(string Section, string Name, string Label, FieldKind Kind, FieldFlags Flags)
{
    /// <summary>A warning (never an error) while the field has no value.</summary>
    public bool Required { get; init; }

    public long? Minimum { get; init; }

    public long? Maximum { get; init; }

    /// <summary>The longest text the field holds, or null for no bound of its own.</summary>
    public int? MaxLength { get; init; }

    public IReadOnlyList<string> Choices { get; init; } = [];

    public string? Description { get; init; }

    public bool IsSecret => Flags.HasFlag(FieldFlags.Secret);

    public bool IsTarget => Flags.HasFlag(FieldFlags.Target);

    public string Path => $"{Section}.{Name}";

    /// <summary>The field's bounds in words ("between 500 and 60000", "at most 128 characters"), or null when it has none.</summary>
    public string? Limit => (Minimum, Maximum, MaxLength) switch
    {
        ({ } min, { } max, _) => $"between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}",
        ({ } min, null, _) => $"at least {min.ToString(CultureInfo.InvariantCulture)}",
        (null, { } max, _) => $"at most {max.ToString(CultureInfo.InvariantCulture)}",
        (_, _, { } length) => $"at most {length.ToString(CultureInfo.InvariantCulture)} characters",
        _ => null,
    };

    /// <summary>A value beyond the field's bounds, as the API and the console both say it; nothing for a value within them or of another kind.</summary>
    public IEnumerable<FieldError> OutOfBounds(JsonNode? value)
    {
        if (value is not JsonValue v)
        {
            yield break;
        }

        if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var number)
            && (number < (Minimum ?? long.MinValue) || number > (Maximum ?? long.MaxValue)))
        {
            yield return new FieldError(Name, $"{Label} must be {Limit}; {number.ToString(CultureInfo.InvariantCulture)} is not.");
        }
        else if (MaxLength is { } max && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { } text && text.Length > max)
        {
            yield return new FieldError(Name, $"{Label} is at most {max.ToString(CultureInfo.InvariantCulture)} characters; this one has {text.Length.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    /// <summary>What a value of this field must be, for a message.</summary>
    public string Expected => Kind switch
    {
        FieldKind.Integer or FieldKind.Port => "a whole number",
        FieldKind.Boolean => "true or false",
        FieldKind.Choice => $"one of {string.Join(", ", Choices)}",
        _ => "text",
    };
}
