using System.Net;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;
using OrchestratorConsole.Testing.Otlp;
using OrchestratorConsole.Testing.Otlp.Wire;

namespace OrchestratorConsole.Api.Tests.Features.Telemetry;

/// <summary>Which settings switch the OTLP export on, where it goes, and what a wrong value does.</summary>
public sealed class OtlpSettingsTests
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_an_endpoint_nothing_is_sent_not_even_to_the_standard_local_collector_address()
    {
        // 4317 is where an OTLP exporter left at its defaults sends; a node with no endpoint must have no exporter at all.
        await using var receiver = await OtlpReceiver.StartAsync(OtlpProtocol.Grpc, port: 4317, cancellationToken: Ct);
        using var silent = await NodeApi.StartNodeAsync(cancellationToken: Ct, settings: OtlpNode.QuickExports());
        await using var silentNode = silent.Node;
        using (var read = await silent.SendAsync(HttpMethod.Get, "/api/configuration/log", cancellationToken: Ct))
        {
            await NodeApi.EnsureAsync(read, HttpStatusCode.OK, Ct);
        }

        // The same export settings plus the standard endpoint variable, started after the silent node's request:
        // by the time its own request arrives, anything the silent node exported would have arrived too.
        var settings = OtlpNode.QuickExports();
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://localhost:4317";
        using var exporting = await NodeApi.StartNodeAsync(cancellationToken: Ct, settings: settings);
        await using var exportingNode = exporting.Node;
        using (var read = await exporting.SendAsync(HttpMethod.Get, "/api/configuration/general", cancellationToken: Ct))
        {
            await NodeApi.EnsureAsync(read, HttpStatusCode.OK, Ct);
        }

        var spans = await receiver.WaitForSpansAsync(s => s.Any(span => IsServerSpanOf(span, "/api/configuration/general")), Arrival, Ct);

        Assert.DoesNotContain(spans, s => IsServerSpanOf(s, "/api/configuration/log"));
        Assert.DoesNotContain(spans, s => s.Attribute("server.port") == silentNode.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_standard_variables_alone_send_http_protobuf_to_each_signals_own_path()
    {
        await using var receiver = await OtlpReceiver.StartAsync(OtlpProtocol.HttpProtobuf, cancellationToken: Ct);
        var settings = OtlpNode.QuickExports();
        // Command-line keys and environment variables are one configuration: the same keys an SDK reads.
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString();
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        using var api = await NodeApi.StartNodeAsync(cancellationToken: Ct, settings: settings);
        await using var node = api.Node;

        await receiver.WaitForSpansAsync(s => s.Any(span => IsServerSpanOf(span, "/api/auth/token")), Arrival, Ct);
        // The node's own sign-in at the start of the test is the first measurement of the product's meter.
        var points = await receiver.WaitForDataPointsAsync(p => p.Any(d => d.Name == "orchestrator.sign_ins"), Arrival, Ct);

        Assert.Contains("POST /v1/traces application/x-protobuf", receiver.Requests);
        Assert.Contains("POST /v1/metrics application/x-protobuf", receiver.Requests);
        Assert.Empty(receiver.Malformed);
        Assert.Contains(points, d => d.Name == "orchestrator.sign_ins" && d.Kind == "sum" && d.Scope == "OrchestratorConsole" && d.Has(("outcome", "success")) && d.Value >= 1);
    }

    [Theory]
    [InlineData("Telemetry__Otlp__Protocol", "http/json", "Telemetry:Otlp:Protocol")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "thrift", "OTEL_EXPORTER_OTLP_PROTOCOL")]
    public async Task An_unknown_protocol_stops_the_start_naming_the_key(string variable, string value, string named)
    {
        using var folder = new TempDirectory();

        var error = await RefusedStart.RunAsync(folder.Path, new Dictionary<string, string>
        {
            ["Node__DataDirectory"] = folder.Path,
            ["Telemetry__Otlp__Endpoint"] = "http://127.0.0.1:4318",
            [variable] = value,
        });

        Assert.Contains(named, error);
        Assert.Contains(value, error);
    }

    private static bool IsServerSpanOf(OtlpSpan span, string path) => span.Kind == SpanKind.Server && span.Attribute("url.path") == path;
}
