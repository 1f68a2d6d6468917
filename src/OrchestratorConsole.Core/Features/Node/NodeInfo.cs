namespace OrchestratorConsole.Core.Features.Node;

/// <summary>What <c>GET /api/node</c> answers.</summary>
public sealed record NodeInfo(Guid NodeId, string Name, string ProductVersion, string PublicUrl, NodeServerInfo Server, IReadOnlyList<SectionValidation> Validation);
