using System.Net;
using OrchestratorConsole.Testing;
using OrchestratorConsole.Testing.Otlp;
using OrchestratorConsole.Testing.Otlp.Wire;

namespace OrchestratorConsole.Api.Tests.Features.Telemetry;

/// <summary>
/// A node process with <c>Telemetry:Otlp:Endpoint</c> set pushes its traces and metrics to a real OTLP receiver on
/// loopback: one trace per request, from the HTTP server span down to the database command it ran.
/// </summary>
public sealed class OtlpTraceTests
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(OtlpProtocol.HttpProtobuf)]
    [InlineData(OtlpProtocol.Grpc)]
    public async Task A_request_that_reads_the_database_arrives_as_one_trace_from_server_span_to_database_span(OtlpProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.StartAsync(protocol, cancellationToken: Ct);
        using var api = await OtlpNode.StartAsync(receiver, protocol, Ct);
        await using var node = api.Node;

        using var response = await api.SendAsync(HttpMethod.Get, "/api/configuration/general", cancellationToken: Ct);
        await NodeApi.EnsureAsync(response, HttpStatusCode.OK, Ct);

        var spans = await receiver.WaitForSpansAsync(s => s.Any(IsGeneralRead), Arrival, Ct);
        var server = Assert.Single(spans, IsGeneralRead);
        Assert.Equal("orchestrator-console", server.ServiceName);
        Assert.Equal("200", server.Attribute("http.response.status_code"));
        var trace = spans.Where(s => s.TraceId == server.TraceId).ToList();
        var database = trace.Where(s => s.Kind == SpanKind.Client && s.Scope.Contains("EntityFrameworkCore", StringComparison.Ordinal)).ToList();
        Assert.True(database.Count > 0, $"no EF Core span in the request's trace: {string.Join(" | ", trace)}");
        Assert.All(database, s => Assert.Equal("sqlite", s.Attribute("db.system.name") ?? s.Attribute("db.system")));
        Assert.All(database, s => Assert.Contains(server, s.AncestorsIn(trace)));
        Assert.Empty(receiver.Malformed);
    }

    [Fact]
    public async Task Health_checks_and_metrics_scrapes_are_not_traced()
    {
        await using var receiver = await OtlpReceiver.StartAsync(OtlpProtocol.HttpProtobuf, cancellationToken: Ct);
        using var api = await OtlpNode.StartAsync(receiver, OtlpProtocol.HttpProtobuf, Ct);
        await using var node = api.Node;
        foreach (var path in new[] { "/health/ready", "/health/live", "/metrics" })
        {
            using var probe = await api.SendAsync(HttpMethod.Get, path, cancellationToken: Ct);
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        }

        // Spans leave in the order they end: once this later request's span is in, the probes' would be too.
        using var response = await api.SendAsync(HttpMethod.Get, "/api/configuration/general", cancellationToken: Ct);
        await NodeApi.EnsureAsync(response, HttpStatusCode.OK, Ct);
        var spans = await receiver.WaitForSpansAsync(s => s.Any(IsGeneralRead), Arrival, Ct);

        var servers = spans.Where(s => s.Kind == SpanKind.Server).ToList();
        Assert.Contains(servers, s => s.Attribute("url.path") == "/api/auth/token");
        Assert.DoesNotContain(servers, s => s.Attribute("url.path") is { } path && (path.StartsWith("/health", StringComparison.Ordinal) || path.StartsWith("/metrics", StringComparison.Ordinal)));
    }

    private static bool IsGeneralRead(OtlpSpan span) =>
        span.Kind == SpanKind.Server && span.Attribute("url.path") == "/api/configuration/general" && span.Attribute("http.request.method") == "GET";
}
