namespace OrchestratorConsole.Core.Features.Server;

/// <summary>A step of a start, as the Startup options tab shows it.</summary>
public sealed record StartStep(string Name, bool Done, bool Failed, string? Message);
