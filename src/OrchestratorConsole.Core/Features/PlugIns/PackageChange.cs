namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>One package put in place: the plug-in, the version it replaced (null for a new one) and the change in words.</summary>
public sealed record PackageChange(string Id, string Name, string? FromVersion, string ToVersion, string Description);
