using System.Text.Json.Nodes;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>Rules that tie the cluster and database sections together.</summary>
public static class ClusterRules
{
    public const string EmbeddedRefusal =
        "Cluster mode needs a shared PostgreSQL database: the Embedded database lives inside one node and other nodes cannot reach it. Configure PostgreSQL on the Database tab first, or turn cluster mode off.";

    /// <summary>The errors of <paramref name="section"/>'s <paramref name="values"/> against the other sections, read through <paramref name="valueOf"/>.</summary>
    public static async Task<IReadOnlyList<FieldError>> CheckAsync(string section, JsonObject values, Func<string, Task<JsonObject>> valueOf)
    {
        if (section == ConfigurationRegistry.Cluster && ClusterMode(values) && Embedded(await valueOf(ConfigurationRegistry.Database)))
        {
            return [new FieldError("clusterMode", EmbeddedRefusal)];
        }

        if (section == ConfigurationRegistry.Database && Embedded(values) && ClusterMode(await valueOf(ConfigurationRegistry.Cluster)))
        {
            return [new FieldError("type", EmbeddedRefusal)];
        }

        return [];
    }

    private static bool ClusterMode(JsonObject cluster) => ((ClusterSettings)ConfigurationRegistry.For<ClusterSettings>().ToSettings(cluster)).ClusterMode;

    private static bool Embedded(JsonObject database) => ((DatabaseSettings)ConfigurationRegistry.For<DatabaseSettings>().ToSettings(database)).Type == DatabaseType.Embedded;
}
