using OrchestratorConsole.Testing;
using OrchestratorConsole.Testing.Otlp;

namespace OrchestratorConsole.Api.Tests.Features.Telemetry;

/// <summary>Settings for a node process whose OTLP export a test watches.</summary>
internal static class OtlpNode
{
    /// <summary>The standard SDK settings that make exports quick: spans leave 200 ms after they end, metrics every 500 ms (defaults: 5 s and 60 s).</summary>
    public static Dictionary<string, string> QuickExports() => new()
    {
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    /// <summary>A node exporting to <paramref name="receiver"/> over <paramref name="protocol"/>, with <c>/metrics</c> on.</summary>
    public static Task<NodeApi> StartAsync(OtlpReceiver receiver, OtlpProtocol protocol, CancellationToken cancellationToken)
    {
        var settings = QuickExports();
        settings["Telemetry:Otlp:Endpoint"] = receiver.Endpoint.ToString();
        settings["Telemetry:Otlp:Protocol"] = protocol == OtlpProtocol.Grpc ? "grpc" : "http/protobuf";
        settings["Telemetry:Metrics:Enabled"] = "true";
        return NodeApi.StartNodeAsync(cancellationToken: cancellationToken, settings: settings);
    }
}
