using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace OrchestratorConsole.Hosting.Telemetry;

/// <summary>
/// Where and how traces and metrics are pushed over OTLP, read from <c>Telemetry:Otlp:*</c> or the standard
/// <c>OTEL_EXPORTER_OTLP_*</c> variables. The endpoint means the same whichever key sets it: the collector's base
/// address. Over <c>http/protobuf</c> each signal goes to its own path under it (<c>/v1/traces</c>, <c>/v1/metrics</c>),
/// as the OpenTelemetry specification says for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>. The .NET exporter adds those paths
/// only to an endpoint it read from the variable itself, not to one set in code, so they are added here.
/// </summary>
public sealed record OtlpExport(Uri Endpoint, OtlpExportProtocol Protocol)
{
    public const string EndpointKey = "Telemetry:Otlp:Endpoint";
    public const string ProtocolKey = "Telemetry:Otlp:Protocol";
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>The configured export, or null when no endpoint is set (a malformed one is refused at start by the options' validator).</summary>
    public static OtlpExport? From(IConfiguration configuration)
    {
        var endpoint = FirstOf(configuration, EndpointKey, EndpointVariable);
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var protocol = FirstOf(configuration, ProtocolKey, ProtocolVariable);
        return new OtlpExport(uri, protocol == HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc);
    }

    /// <summary>The value of the product's key, else of the standard variable, else null.</summary>
    public static string? FirstOf(IConfiguration configuration, string key, string variable) =>
        configuration[key] is { Length: > 0 } configured ? configured : configuration[variable] is { Length: > 0 } standard ? standard : null;

    public void ConfigureTraces(OtlpExporterOptions options) => Configure(options, "v1/traces");

    public void ConfigureMetrics(OtlpExporterOptions options) => Configure(options, "v1/metrics");

    private void Configure(OtlpExporterOptions options, string signalPath)
    {
        options.Protocol = Protocol;
        options.Endpoint = Protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
            : Endpoint;
    }
}
