using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.UI.Features.Node;

/// <summary>The General tab's editable values.</summary>
public sealed class GeneralForm
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public static GeneralForm From(GeneralSettings settings) => new() { Name = settings.Name, Description = settings.Description };

    public GeneralSettings ToSettings() => new()
    {
        Name = Name?.Trim() ?? string.Empty,
        Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
    };
}
