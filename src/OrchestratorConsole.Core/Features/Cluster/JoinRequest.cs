using OrchestratorConsole.Core.Features.ConfigurationTransfer;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>Join this node to a cluster through another node.</summary>
public sealed record JoinRequest(string? NodeUrl, string? UserName, string? Password);
