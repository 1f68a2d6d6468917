using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>Types a plug-in configuration field may have.</summary>
public enum PluginFieldType
{
    String,
    Integer,
    Boolean,
    Secret,
    Host,
    Port,
    Url,
}
