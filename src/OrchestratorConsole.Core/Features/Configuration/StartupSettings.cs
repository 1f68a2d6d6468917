using System.ComponentModel.DataAnnotations;
namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>Startup options.</summary>
public sealed record StartupSettings : ISectionSettings
{
    [Display(Name = "Start the server when the console starts")]
    public bool StartServerOnLaunch { get; init; }

    public IEnumerable<FieldError> Validate() => [];
}
