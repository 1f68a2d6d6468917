namespace OrchestratorConsole.Core.Features.Server;

/// <summary>What the server is doing now. <paramref name="DuplicateIdentity"/> is set when a start failed because another process uses this node's id.</summary>
public sealed record ServerStatus(ServerState State, ServerRole? Role, string? Reason, DateTimeOffset? StartedAt, long? Epoch, bool DuplicateIdentity = false);
