using System.ComponentModel.DataAnnotations;
namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>The node's log level, applied live.</summary>
public sealed record LogSettings : ISectionSettings
{
    public static readonly IReadOnlyList<string> Levels = ["FATAL", "ERROR", "WARN", "INFO", "DEBUG", "ALL", "OFF"];

    [Display(Name = "Log level")]
    public string Level { get; init; } = "INFO";

    public IEnumerable<FieldError> Validate()
    {
        if (!Levels.Contains(Level))
        {
            yield return new("level", $"The log level must be one of {string.Join(", ", Levels)}.");
        }
    }
}
