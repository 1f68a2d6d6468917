using OrchestratorConsole.Core.Features.ConfigurationTransfer;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>The field-level difference between two nodes' configurations.</summary>
public sealed record DriftReport(Guid NodeA, string NameA, Guid NodeB, string NameB, IReadOnlyList<DriftField> Fields);
