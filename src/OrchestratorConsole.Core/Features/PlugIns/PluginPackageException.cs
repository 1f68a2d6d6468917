using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>A package that is refused, with the reason (400).</summary>
public sealed class PluginPackageException(string message) : Common.ConsoleException("Invalid plug-in package", message);
