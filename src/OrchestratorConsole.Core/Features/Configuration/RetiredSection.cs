using System.Text.Json.Nodes;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>
/// A section whose definition is gone (its plug-in was uninstalled) while its history stays. Its schema is unknown,
/// so every field is treated as a secret: a diff shows only which fields changed, never a value.
/// </summary>
internal sealed class RetiredSection(string name, IEnumerable<string> fieldNames) : SectionDefinition(name, name, FieldFlags.None)
{
    public override IReadOnlyList<FieldDefinition> Fields { get; } =
        fieldNames.Distinct(StringComparer.Ordinal).Select(f => new FieldDefinition(name, f, f, FieldKind.Text, FieldFlags.Secret)).ToArray();

    public override JsonObject Defaults() => [];

    public override JsonObject Normalize(JsonObject values) => values;

    public override IEnumerable<FieldError> Validate(JsonObject values) => [];
}
