using System.Net;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing.Prometheus;

namespace OrchestratorConsole.Api.Tests.Features.Metrics;

/// <summary>Reads <c>/metrics</c> as Prometheus would: a 200 in the text format, parsed strictly.</summary>
public static class MetricsScrape
{
    public static async Task<PrometheusText> ScrapeAsync(this HttpClient client)
    {
        using var response = await client.Get("/metrics");
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /metrics: {(int)response.StatusCode} {body}");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return PrometheusText.Parse(body);
    }
}
