namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>Marks a settings property with flags of its own, beyond those of its section.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfigurationFieldAttribute(FieldFlags flags) : Attribute
{
    public FieldFlags Flags { get; } = flags;
}
