using OrchestratorConsole.Core.Features.ConfigurationTransfer;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>The outcome of pushing the configuration to one node.</summary>
public sealed record NodeSyncOutcome(Guid NodeId, string Name, string PublicUrl, bool Succeeded, string Message, IReadOnlyList<string> PluginsSent);

/// <summary>A field that differs between two nodes; secrets show only that they differ.</summary>
public sealed record DriftField(string Section, string Field, string? NodeA, string? NodeB, bool Secret);

/// <summary>The field-level difference between two nodes' configurations.</summary>
public sealed record DriftReport(Guid NodeA, string NameA, Guid NodeB, string NameB, IReadOnlyList<DriftField> Fields);

/// <summary>What joining a cluster did.</summary>
public sealed record JoinResult(string NodeUrl, IReadOnlyList<string> Warnings, IReadOnlyList<string> PluginsInstalled, ImportPreview Preview, ImportResult Applied);

/// <summary>The body of a signed configuration push.</summary>
public sealed record SignedApplyRequest(string File, string Nonce);

/// <summary>Join this node to a cluster through another node.</summary>
public sealed record JoinRequest(string? NodeUrl, string? UserName, string? Password);

/// <summary>Push this node's configuration to these nodes (default: every node that is out of sync).</summary>
public sealed record SynchronizeRequest(IReadOnlyList<Guid>? NodeIds);
