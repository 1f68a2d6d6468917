namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>Startup options.</summary>
public sealed record StartupSettings : ISectionSettings
{
    public bool StartServerOnLaunch { get; init; }

    public IEnumerable<FieldError> Validate() => [];
}
