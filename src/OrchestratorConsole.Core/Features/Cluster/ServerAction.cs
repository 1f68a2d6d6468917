namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>What an administrator asks of another node's Orchestrator server.</summary>
public enum ServerAction
{
    Start,
    Stop,
    Restart,
}
