namespace OrchestratorConsole.Core.Features.Database;

/// <summary>A step of <c>Install database</c>, for the progress display.</summary>
public sealed record SchemaProgress(int Step, int Steps, string Message);
