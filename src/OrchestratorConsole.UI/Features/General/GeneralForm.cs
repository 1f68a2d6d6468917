using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.UI.Features.General;

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

/// <summary>The General tab's field messages: the section's own rules.</summary>
public sealed class GeneralFormValidator(Func<GeneralForm> form)
{
    public Func<object?, IEnumerable<string>> For(string field) =>
        _ => form().ToSettings().Validate().Where(e => e.Field == field).Select(e => e.Message);
}
