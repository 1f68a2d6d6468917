namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>Node states as the cluster records them.</summary>
public static class NodeStates
{
    public const string Running = "Running";
    public const string Stopped = "Stopped";
    public const string Failed = "Failed";
}
