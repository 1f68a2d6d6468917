using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Testing;
using OrchestratorConsole.Testing.Otlp;
using OrchestratorConsole.Testing.Otlp.Wire;

namespace OrchestratorConsole.Cluster.Tests;

/// <summary>Two real nodes exporting over OTLP to one receiver: a node-to-node call continues the caller's trace on the other node.</summary>
public sealed class ClusterTracingTests : ClusterTest
{
    private const string Synchronize = "/api/cluster/synchronize";
    private const string Apply = "/api/cluster/internal/apply";

    [Fact]
    public async Task A_synchronize_is_one_trace_across_both_nodes_and_is_counted_as_a_success()
    {
        await using var receiver = await OtlpReceiver.StartAsync(OtlpProtocol.HttpProtobuf, cancellationToken: Ct);
        var settings = new Dictionary<string, string>
        {
            ["Telemetry:Otlp:Endpoint"] = receiver.Endpoint.ToString(),
            ["Telemetry:Otlp:Protocol"] = "http/protobuf",
            ["Telemetry:Metrics:Enabled"] = "true",
            // Spans leave 200 ms after they end rather than 5 s.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        };
        var cluster = Track(await TestCluster.StartAsync(2, TestPostgres.Admin, await TestPostgres.CreateDatabaseAsync("cluster"), settings: settings, cancellationToken: Ct));
        var (first, second) = (cluster.Nodes[0], cluster.Nodes[1]);
        var secondId = await second.GetNodeIdAsync(Ct);
        var before = await NodeMetrics.ScrapeAsync(first, Ct);

        using (var sync = await first.SendAsync(HttpMethod.Post, Synchronize, new { nodeIds = new[] { secondId } }, Ct))
        {
            var outcome = JsonNode.Parse(await NodeApi.EnsureAsync(sync, HttpStatusCode.OK, Ct))!.AsArray().Single()!;
            Assert.True((bool)outcome["succeeded"]!, outcome.ToJsonString());
        }

        var after = await NodeMetrics.ScrapeAsync(first, Ct);
        Assert.Equal(1, after.Sum("orchestrator_cluster_synchronizations_total", ("outcome", "success")) - before.Sum("orchestrator_cluster_synchronizations_total", ("outcome", "success")));
        var spans = await receiver.WaitForSpansAsync(s => s.Any(span => IsServerSpanOf(span, Synchronize)) && s.Any(span => IsServerSpanOf(span, Apply)), TimeSpan.FromSeconds(30), Ct);
        var request = Assert.Single(spans, s => IsServerSpanOf(s, Synchronize));
        var applied = Assert.Single(spans, s => IsServerSpanOf(s, Apply) && s.TraceId == request.TraceId);
        var call = Assert.Single(spans, s => s.SpanId == applied.ParentSpanId);
        Assert.Equal(SpanKind.Client, call.Kind);
        Assert.Equal("POST", call.Attribute("http.request.method"));
        Assert.EndsWith(Apply, call.Attribute("url.full"), StringComparison.Ordinal);
        Assert.Equal(second.Node.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), call.Attribute("server.port"));
        Assert.Contains(request, call.AncestorsIn(spans));
    }

    private static bool IsServerSpanOf(OtlpSpan span, string path) => span.Kind == SpanKind.Server && span.Attribute("url.path") == path;
}
