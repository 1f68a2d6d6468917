namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>Tells the rest of the node that a section was saved, so that live settings apply and status refreshes.</summary>
public sealed class ConfigurationEvents
{
    public event Action<string>? SectionSaved;

    internal void RaiseSaved(string section) => SectionSaved?.Invoke(section);
}
