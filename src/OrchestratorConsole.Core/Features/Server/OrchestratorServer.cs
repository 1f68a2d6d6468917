namespace OrchestratorConsole.Core.Features.Server;

/// <summary>States of the Orchestrator server hosted in this node's process.</summary>
public enum ServerState
{
    Stopped,
    Starting,
    Running,
    Stopping,
    Failed,
}

/// <summary>Role of a running server in its cluster.</summary>
public enum ServerRole
{
    Active,
    Standby,
}

/// <summary>What the server is doing now.</summary>
public sealed record ServerStatus(ServerState State, ServerRole? Role, string? Reason, DateTimeOffset? StartedAt, long? Epoch);

/// <summary>The Orchestrator server of this node. It stays Stopped until start and stop are built on the cluster database.</summary>
public sealed class OrchestratorServer
{
    public ServerStatus Status { get; } = new(ServerState.Stopped, null, null, null, null);

    /// <summary>Whether a load balancer should send work here: only a Running, Active server.</summary>
    public bool IsActive => Status is { State: ServerState.Running, Role: ServerRole.Active };
}
