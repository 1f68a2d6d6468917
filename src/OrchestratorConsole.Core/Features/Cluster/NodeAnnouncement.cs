using OrchestratorConsole.Core.Features.Server;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>What a node publishes about itself when it registers and at every heartbeat.</summary>
public sealed record NodeAnnouncement(
    Guid NodeId,
    Guid InstanceNonce,
    string Name,
    string PublicUrl,
    string ProductVersion,
    string? ActiveFingerprint,
    string PendingFingerprint,
    DateTimeOffset? PendingSavedAt,
    string? Plugins,
    ServerRole? Role);
