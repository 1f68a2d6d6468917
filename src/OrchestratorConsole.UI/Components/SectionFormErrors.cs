using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.UI.Components;

/// <summary>
/// A section form's messages per field: the section's own rules as the form stands (the ones a save applies), and what
/// the last save was refused for, which a field forgets as it is edited.
/// </summary>
public sealed class SectionFormErrors<T>(Func<T?> settings)
    where T : class, ISectionSettings
{
    private IReadOnlyDictionary<string, string[]> _refused = new Dictionary<string, string[]>();

    /// <summary>The last refusal in a sentence, for the alert under the form; null after a save that passed.</summary>
    public string? Summary { get; private set; }

    /// <summary>A field's check for a MudBlazor input: the section's rule; editing the field forgets its refusal.</summary>
    public Func<object?, IEnumerable<string>> Rule(string field) => _ =>
    {
        Forget(field);
        return Messages(field);
    };

    /// <summary>What the section's rules say about <paramref name="field"/> as the form stands.</summary>
    public IEnumerable<string> Messages(string field) =>
        settings() is { } current ? ConfigurationRegistry.Validate(current).Where(e => e.Field == field).Select(e => e.Message) : [];

    /// <summary>What the last save was refused for on <paramref name="field"/>, or null.</summary>
    public string? Refusal(string field) => _refused.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>A field with rows (a list): the rules on its rows as they stand, then what the last save was refused for.</summary>
    public IReadOnlyList<string> ForList(string field) =>
        Messages(field).Concat(_refused.GetValueOrDefault(field) ?? []).Distinct(StringComparer.Ordinal).ToList();

    public void Forget(params string[] fields) => _refused = _refused.Where(e => !fields.Contains(e.Key)).ToDictionary();

    /// <summary>Runs a save: a refusal is kept per field; a save that passes clears them all.</summary>
    public async Task SaveAsync(Func<Task> save)
    {
        Summary = null;
        try
        {
            await save();
            _refused = new Dictionary<string, string[]>();
        }
        catch (ValidationFailedException ex)
        {
            _refused = ex.Errors;
            Summary = ex.Message;
            throw;
        }
    }

    /// <summary>Forgets every refusal, as when the saved values are loaded again.</summary>
    public void Clear()
    {
        _refused = new Dictionary<string, string[]>();
        Summary = null;
    }
}
