using OrchestratorConsole.Core.Features.Configuration;
namespace OrchestratorConsole.UI.Features.Database;

/// <summary>The field messages of the Database tab: the section's own rules, applied to the form's values.</summary>
public sealed class DatabaseFormValidator(Func<DatabaseForm> form)
{
    /// <summary>Messages of one field, named as the section names it (<c>host</c>, <c>port</c>, ...).</summary>
    public IEnumerable<string> Messages(string field) =>
        ConfigurationRegistry.Validate(form().ToSettings()).Where(e => e.Field == field).Select(e => e.Message);

    /// <summary>A MudBlazor field validation that reads the section's rules for <paramref name="field"/>.</summary>
    public Func<object?, IEnumerable<string>> For(string field) => _ => Messages(field);
}
