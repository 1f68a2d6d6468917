namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

/// <summary>The names and numbers of the <c>.vmoconfig</c> format.</summary>
public static class ConfigurationFile
{
    public const string FormatName = "orchestrator-console-configuration";
    public const int FormatVersion = 1;
    public const string Extension = ".vmoconfig";
    public const string PluginsSection = "plugins";

    /// <summary>The largest file an import accepts (413 above it).</summary>
    public const long MaxBytes = 16L * 1024 * 1024;
}

