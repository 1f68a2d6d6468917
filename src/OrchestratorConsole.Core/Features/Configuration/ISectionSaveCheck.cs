using System.Text.Json.Nodes;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>
/// A rule of a section that depends on the machine rather than on the values alone (a port already taken, an
/// address this host lacks); every save and import of <see cref="Section"/> runs it after the section's own rules.
/// </summary>
public interface ISectionSaveCheck
{
    string Section { get; }

    IEnumerable<FieldError> Check(JsonObject values);
}
