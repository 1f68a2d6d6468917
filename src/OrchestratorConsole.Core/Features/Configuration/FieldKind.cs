namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>The kind of value a field holds, as its JSON carries it.</summary>
public enum FieldKind
{
    Text,
    Integer,
    Boolean,

    /// <summary>One of a fixed list of names (<see cref="FieldDefinition.Choices"/>).</summary>
    Choice,
    Host,
    Port,
    Url,
}
