using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Features.PlugIns;

namespace OrchestratorConsole.UI.Features.PlugIns;

/// <summary>
/// A plug-in's settings form, one input per field of its schema. Stored secrets are never loaded: a secret's input
/// holds only what the user types, and a blank one keeps the stored value.
/// </summary>
public sealed class PluginSettingsForm
{
    private PluginSettingsForm(PluginConfigurationView view, IReadOnlyList<PluginFieldInput> inputs)
    {
        View = view;
        Inputs = inputs;
    }

    public PluginConfigurationView View { get; }

    public IReadOnlyList<PluginFieldInput> Inputs { get; }

    /// <summary>The version of the plug-in's section the form was loaded from: a save by someone else since is refused.</summary>
    public int Version => View.Version;

    public static PluginSettingsForm From(PluginConfigurationView view) =>
        new(view, view.Fields.Select(f => new PluginFieldInput(f, view.Values)).ToList());

    /// <summary>The fields the user changed, as a save of the plug-in's section takes them.</summary>
    public JsonObject Changes()
    {
        var changes = new JsonObject();
        foreach (var input in Inputs.Where(i => i.Changed))
        {
            changes[input.Field.Name] = input.ToJson();
        }

        return changes;
    }

    /// <summary>Every message of every field; empty when the form can be saved.</summary>
    public IReadOnlyList<string> Messages() => Inputs.SelectMany(i => i.Messages()).ToList();
}
