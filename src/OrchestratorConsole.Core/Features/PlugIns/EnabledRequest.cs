namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>The body of <c>PUT /api/plugins/{id}/enabled</c>.</summary>
public sealed record EnabledRequest(bool? Enabled);
