namespace OrchestratorConsole.Testing.Otlp;

/// <summary>The two OTLP transports an exporter may use, with the names of <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>.</summary>
public enum OtlpProtocol
{
    /// <summary><c>http/protobuf</c>: HTTP/1.1 POSTs of a protobuf body to <c>/v1/traces</c> and <c>/v1/metrics</c>.</summary>
    HttpProtobuf,

    /// <summary><c>grpc</c>: the collector services' <c>Export</c> calls over cleartext HTTP/2.</summary>
    Grpc,
}
