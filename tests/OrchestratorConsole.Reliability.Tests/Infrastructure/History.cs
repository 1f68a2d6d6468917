using System.Net;
using System.Text.Json.Nodes;

namespace OrchestratorConsole.Reliability.Tests.Infrastructure;

/// <summary>Checks of the configuration history as the API shows it.</summary>
public static class History
{
    /// <summary>
    /// No lost and no half-written revision: every section's versions run 1, 2, 3… without a gap or a repeat, and
    /// every revision's stored values can be read back (a diff of each revision with its predecessor answers 200).
    /// </summary>
    public static async Task AssertIntactAsync(StoreNode node, CancellationToken cancellationToken)
    {
        var revisions = await node.RevisionsAsync(cancellationToken);
        Assert.NotEmpty(revisions);
        using var client = node.Client();
        foreach (var section in revisions.GroupBy(r => (string)r!["section"]!))
        {
            var ordered = section.OrderBy(r => (int)r!["version"]!).ToList();
            var versions = ordered.Select(r => (int)r!["version"]!).ToList();
            Assert.True(versions.SequenceEqual(Enumerable.Range(1, versions.Count)), $"The versions of {section.Key} are not 1..{versions.Count}: {string.Join(", ", versions)}");
            for (var i = 0; i < ordered.Count; i++)
            {
                var from = (long)ordered[Math.Max(0, i - 1)]!["id"]!;
                var to = (long)ordered[i]!["id"]!;
                using var response = await client.GetAsync($"/api/configuration/revisions/{from}/diff/{to}", cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"Revision {to} ({section.Key} version {versions[i]}) cannot be read back: {(int)response.StatusCode} {body}");
                Assert.IsType<JsonObject>(JsonNode.Parse(body));
            }
        }
    }

    /// <summary>
    /// The value of <paramref name="field"/> in every revision of <paramref name="section"/>, oldest first, read from the
    /// diff of the section's first revision to each (the first revision's own value is its default).
    /// </summary>
    public static async Task<List<(int Version, string? Value)>> ValuesAsync(StoreNode node, string section, string field, CancellationToken cancellationToken)
    {
        var revisions = (await node.RevisionsAsync(cancellationToken)).Where(r => (string)r!["section"]! == section).OrderBy(r => (int)r!["version"]!).ToList();
        using var client = node.Client();
        var values = new List<(int, string?)>();
        var first = (long)revisions[0]!["id"]!;
        foreach (var revision in revisions.Skip(1))
        {
            using var response = await client.GetAsync($"/api/configuration/revisions/{first}/diff/{(long)revision!["id"]!}", cancellationToken);
            var diff = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
            var change = diff["fields"]!.AsArray().FirstOrDefault(f => (string?)f!["field"] == field);
            values.Add(((int)revision["version"]!, (string?)change?["after"]));
        }

        return values;
    }

    /// <summary>How many revisions the history holds now.</summary>
    public static async Task<int> CountAsync(StoreNode node, string? section, CancellationToken cancellationToken) =>
        (await node.RevisionsAsync(cancellationToken)).Count(r => section is null || (string)r!["section"]! == section);
}
