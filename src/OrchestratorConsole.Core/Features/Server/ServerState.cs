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
