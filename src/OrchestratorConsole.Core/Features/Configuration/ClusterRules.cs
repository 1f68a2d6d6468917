namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>Rules that tie the cluster and database sections together.</summary>
public static class ClusterRules
{
    public const string EmbeddedRefusal =
        "Cluster mode needs a shared PostgreSQL database: the Embedded database lives inside one node and other nodes cannot reach it. Configure PostgreSQL on the Database tab first, or turn cluster mode off.";
}
