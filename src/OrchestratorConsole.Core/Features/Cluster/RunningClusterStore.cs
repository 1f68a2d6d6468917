namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>The cluster store of the running server, if any: readers use it rather than opening their own.</summary>
public sealed class RunningClusterStore
{
    public IClusterStore? Current { get; internal set; }
}
