using OrchestratorConsole.Core.Features.ConfigurationTransfer;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>A field that differs between two nodes; secrets show only that they differ.</summary>
public sealed record DriftField(string Section, string Field, string? NodeA, string? NodeB, bool Secret);
