using System.Net;
using OrchestratorConsole.Testing;
using OrchestratorConsole.Testing.Prometheus;

namespace OrchestratorConsole.Cluster.Tests;

/// <summary>Reads a node's <c>/metrics</c> as Prometheus would, signed in as its administrator.</summary>
internal static class NodeMetrics
{
    public static async Task<PrometheusText> ScrapeAsync(NodeApi node, CancellationToken cancellationToken)
    {
        using var response = await node.SendAsync(HttpMethod.Get, "/metrics", cancellationToken: cancellationToken);
        return PrometheusText.Parse(await NodeApi.EnsureAsync(response, HttpStatusCode.OK, cancellationToken));
    }
}
