using OrchestratorConsole.Core.Features.Server;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>Another node accepted an action on its server; <paramref name="Server"/> is its state as it answered.</summary>
public sealed record NodeServerOutcome(Guid NodeId, string Name, string PublicUrl, ServerAction Action, ServerStatus Server);
