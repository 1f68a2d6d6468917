namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

/// <summary>The optional body of an export: the password that encrypts its secrets (without one they are left out).</summary>
public sealed record ExportRequest(string? Password);
