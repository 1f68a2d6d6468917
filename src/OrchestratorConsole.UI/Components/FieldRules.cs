using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.UI.Components;

/// <summary>
/// A form field's checks and hints read from its <see cref="FieldDefinition"/>, so that the console refuses what a save
/// would refuse, with the same words, and never narrows a value silently (no clamping, no cut text).
/// </summary>
public static class FieldRules
{
    /// <summary>A whole-number field's check: empty (when required) or beyond the field's range is an error naming the range.</summary>
    public static Func<int?, string?> Number(FieldDefinition field, bool required = true) => value => value is null
        ? required ? $"{field.Label} is required: {field.Expected}{(field.Limit is { } limit ? " " + limit : string.Empty)}." : null
        : field.OutOfBounds(JsonValue.Create(value.Value)).Select(e => e.Message).FirstOrDefault();

    /// <summary>A save comment's check, the one the save applies.</summary>
    public static Func<string?, string?> Comment { get; } = ConfigurationService.CommentProblem;

    /// <summary>A free-text input's check against its limit (<see cref="TextLimits"/>), in the words the server refuses it with.</summary>
    public static Func<string?, string?> Text(string label, int limit) => value => TextLimits.Problem(label, value, limit);

    /// <summary>The longest text a built-in section's field holds, for the field's counter ("12 / 128").</summary>
    public static int? Counter<T>(string field)
        where T : class, ISectionSettings => ConfigurationRegistry.For<T>().Field(field)?.MaxLength;

    /// <summary>The field's bounds as a hint under it ("Between 500 and 60000"), or null.</summary>
    public static string? Hint(FieldDefinition field) => field.Limit is { } limit ? char.ToUpperInvariant(limit[0]) + limit[1..] : null;

    /// <summary>The hint under a secret's input, which is never filled in: whether one is stored, and that a blank input keeps it.</summary>
    public static string SecretHint(bool stored, bool readOnly) =>
        !stored ? "No password is stored." : readOnly ? "A password is stored." : "A password is stored — leave blank to keep it.";
}
