namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>How large an upload request may be: the package limit plus room for the multipart framing.</summary>
public static class PluginUploadLimits
{
    public const long RequestBytes = (64L + 1) * 1024 * 1024;
}
