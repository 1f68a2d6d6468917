namespace OrchestratorConsole.Core.Api;

/// <summary>What a plain form field holds.</summary>
public enum FormFieldType
{
    String,
    Boolean,
}
