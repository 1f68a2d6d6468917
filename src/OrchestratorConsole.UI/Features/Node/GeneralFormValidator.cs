using OrchestratorConsole.Core.Features.Configuration;
namespace OrchestratorConsole.UI.Features.Node;

/// <summary>The General tab's field messages: the section's own rules.</summary>
public sealed class GeneralFormValidator(Func<GeneralForm> form)
{
    public Func<object?, IEnumerable<string>> For(string field) =>
        _ => ConfigurationRegistry.Validate(form().ToSettings()).Where(e => e.Field == field).Select(e => e.Message);
}
