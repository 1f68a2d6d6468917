using System.Text.Json;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.PlugIns;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// The plug-in version consistency check across nodes: the set of plug-ins and versions that most live nodes hold is
/// the reference; every node whose set differs is flagged with what differs.
/// </summary>
public static class PluginConsistency
{
    /// <returns>For each node that differs from the reference, a sentence saying how.</returns>
    public static IReadOnlyDictionary<Guid, string> Describe(IReadOnlyList<(Guid NodeId, bool Live, string? Plugins)> nodes)
    {
        var sets = nodes.ToDictionary(n => n.NodeId, n => PluginVersionInfo.VersionsIn(n.Plugins));
        var reference = nodes.Where(n => n.Live && n.Plugins is not null)
            .GroupBy(n => Key(sets[n.NodeId]))
            .OrderByDescending(g => g.Count())
            .Select(g => sets[g.First().NodeId])
            .FirstOrDefault();
        var result = new Dictionary<Guid, string>();
        if (reference is null)
        {
            return result;
        }

        foreach (var node in nodes.Where(n => n.Plugins is not null))
        {
            var mine = sets[node.NodeId];
            var differences = new List<string>();
            foreach (var (id, version) in reference.Where(r => !mine.ContainsKey(r.Key)))
            {
                differences.Add($"lacks {id} {version}");
            }

            foreach (var (id, version) in mine.Where(m => !reference.ContainsKey(m.Key)))
            {
                differences.Add($"has {id} {version}, which the others lack");
            }

            foreach (var (id, version) in mine.Where(m => reference.TryGetValue(m.Key, out var other) && other != m.Value))
            {
                differences.Add($"has {id} {version} where the others have {reference[id]}");
            }

            if (differences.Count > 0)
            {
                result[node.NodeId] = "Plug-ins differ: " + string.Join("; ", differences) + ".";
            }
        }

        return result;
    }

    private static string Key(Dictionary<string, string> set) => string.Join(",", set.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
