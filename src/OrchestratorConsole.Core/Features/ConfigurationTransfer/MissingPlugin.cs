namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

/// <summary>A plug-in the file configures that this node lacks, or has in another version.</summary>
public sealed record MissingPlugin(string Id, string Name, string Version, string? LocalVersion);
