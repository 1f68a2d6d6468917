namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>Implemented by each built-in section's settings type: the field rules of that section.</summary>
public interface ISectionSettings
{
    IEnumerable<FieldError> Validate();
}
