using System.Text.Json.Nodes;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>
/// A configuration section: its name, flags and fields, and the rules of its values. Built-in sections are declared
/// by a settings record (<see cref="SettingsSectionDefinition"/>); a plug-in's section by the schema of its manifest.
/// Every service that stores, compares, exports or shows configuration works through this type alone.
/// </summary>
public abstract class SectionDefinition(string name, string title, FieldFlags flags, SectionGroup? group = null)
{
    public string Name { get; } = name;

    public string Title { get; } = title;

    public FieldFlags Flags { get; } = flags;

    /// <summary>Sections shown together as one row of the node's state (for example every plug-in's settings); null for a section of its own.</summary>
    public SectionGroup? Group { get; } = group;

    public abstract IReadOnlyList<FieldDefinition> Fields { get; }

    /// <summary>The values of a section that was never saved.</summary>
    public abstract JsonObject Defaults();

    /// <summary>
    /// The section's values in their stored form: every field present, each of its kind, unknown names dropped.
    /// Throws <see cref="Common.ValidationFailedException"/> naming each field whose value is of the wrong kind.
    /// </summary>
    public abstract JsonObject Normalize(JsonObject values);

    /// <summary>
    /// Brings values written by an older version (a stored revision, an export, a script) to the fields of this one,
    /// in place, before they are read or merged: a field that replaced another takes the meaning the old one had.
    /// </summary>
    public virtual void Upgrade(JsonObject values)
    {
    }

    /// <summary>The rules of normalized values: what makes the section invalid (red).</summary>
    public abstract IEnumerable<FieldError> Validate(JsonObject values);

    /// <summary>What is incomplete without making the section invalid (amber), for example a required plug-in setting left empty.</summary>
    public virtual IEnumerable<FieldError> Warnings(JsonObject values) => [];

    public FieldDefinition? Field(string name) =>
        Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}
