namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>One configuration field, declared once: its kind, flags and bounds.</summary>
public sealed record FieldDefinition(string Section, string Name, string Label, FieldKind Kind, FieldFlags Flags)
{
    /// <summary>A warning (never an error) while the field has no value.</summary>
    public bool Required { get; init; }

    public long? Minimum { get; init; }

    public long? Maximum { get; init; }

    public IReadOnlyList<string> Choices { get; init; } = [];

    public string? Description { get; init; }

    public bool IsSecret => Flags.HasFlag(FieldFlags.Secret);

    public bool IsTarget => Flags.HasFlag(FieldFlags.Target);

    public string Path => $"{Section}.{Name}";

    /// <summary>What a value of this field must be, for a message.</summary>
    public string Expected => Kind switch
    {
        FieldKind.Integer or FieldKind.Port => "a whole number",
        FieldKind.Boolean => "true or false",
        FieldKind.Choice => $"one of {string.Join(", ", Choices)}",
        _ => "text",
    };
}
