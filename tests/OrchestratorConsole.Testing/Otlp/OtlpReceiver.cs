using System.Buffers.Binary;
using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Testing.Otlp.Wire;

namespace OrchestratorConsole.Testing.Otlp;

/// <summary>
/// An OTLP collector on loopback for tests: Kestrel on a free port, taking the traces and metrics exports of
/// <see cref="OtlpProtocol.HttpProtobuf"/> (<c>POST /v1/traces</c>, <c>/v1/metrics</c>) or <see cref="OtlpProtocol.Grpc"/>
/// (the collector services' <c>Export</c>), decoding each body as the OTLP protobuf messages. Every request is kept in
/// <see cref="Requests"/>, and whatever cannot be decoded in <see cref="Malformed"/>, so a test sees a wrong path too.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private const string TracesService = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
    private const string MetricsService = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";

    private readonly WebApplication _app;
    private readonly OtlpProtocol _protocol;
    private readonly Arrivals<OtlpSpan> _spans = new();
    private readonly Arrivals<OtlpDataPoint> _points = new();
    private readonly Arrivals<string> _requests = new();
    private readonly Arrivals<string> _malformed = new();

    private OtlpReceiver(WebApplication app, OtlpProtocol protocol)
    {
        _app = app;
        _protocol = protocol;
    }

    /// <summary>The address to give an exporter as its OTLP endpoint, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<OtlpSpan> Spans => _spans.Snapshot();

    public IReadOnlyList<OtlpDataPoint> DataPoints => _points.Snapshot();

    /// <summary>Every request as <c>METHOD path content-type</c>, in order of arrival, decoded or not.</summary>
    public IReadOnlyList<string> Requests => _requests.Snapshot();

    public IReadOnlyList<string> Malformed => _malformed.Snapshot();

    /// <summary>Starts a receiver on <paramref name="port"/> (0: any free port; 4317 and 4318 are where exporters send by default).</summary>
    public static async Task<OtlpReceiver> StartAsync(OtlpProtocol protocol = OtlpProtocol.HttpProtobuf, int port = 0, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // gRPC needs HTTP/2, which on a cleartext port Kestrel speaks only when told to expect it (prior knowledge).
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
            listen.Protocols = protocol == OtlpProtocol.Grpc ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, protocol);
        app.Run(receiver.ReceiveAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        receiver.Endpoint = new Uri(address);
        return receiver;
    }

    /// <summary>Waits until the spans received satisfy <paramref name="done"/>; fails with what did arrive after <paramref name="timeout"/>.</summary>
    public Task<IReadOnlyList<OtlpSpan>> WaitForSpansAsync(Func<IReadOnlyList<OtlpSpan>, bool> done, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _spans.WaitForAsync(done, timeout, Describe, cancellationToken);

    /// <summary>Waits until the metric data points received satisfy <paramref name="done"/>; fails with what did arrive after <paramref name="timeout"/>.</summary>
    public Task<IReadOnlyList<OtlpDataPoint>> WaitForDataPointsAsync(Func<IReadOnlyList<OtlpDataPoint>, bool> done, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _points.WaitForAsync(done, timeout, Describe, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private string Describe() =>
        $"The OTLP receiver got: {string.Join(" | ", Requests)}. Malformed: {string.Join(" | ", Malformed)}. Spans: {string.Join(" | ", Spans)}";

    private async Task ReceiveAsync(HttpContext context)
    {
        var request = context.Request;
        _requests.Add([$"{request.Method} {request.Path} {request.ContentType}"]);

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        var payload = _protocol == OtlpProtocol.Grpc ? GrpcMessage(body.ToArray()) : body.ToArray();
        var expected = _protocol == OtlpProtocol.Grpc ? "application/grpc" : "application/x-protobuf";
        var kept = request.Method == HttpMethods.Post && request.ContentType == expected && payload is not null
            && Keep(request.Path.Value, payload);
        if (!kept)
        {
            _malformed.Add([$"{request.Method} {request.Path} {request.ContentType}, {body.Length} bytes"]);

            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        // An empty Export*ServiceResponse: all accepted.
        if (_protocol == OtlpProtocol.Grpc)
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(new byte[5], context.RequestAborted);
            context.Response.AppendTrailer("grpc-status", "0");
        }
        else
        {
            context.Response.ContentType = "application/x-protobuf";
        }
    }

    /// <summary>Decodes and keeps one export; false for a path that is not a signal's or a body that is not its message.</summary>
    private bool Keep(string? path, byte[] payload)
    {
        try
        {
            if (path == (_protocol == OtlpProtocol.Grpc ? TracesService : "/v1/traces"))
            {
                _spans.Add([.. OtlpSpan.From(ExportTraceServiceRequest.Parser.ParseFrom(payload))]);
                return true;
            }

            if (path == (_protocol == OtlpProtocol.Grpc ? MetricsService : "/v1/metrics"))
            {
                _points.Add([.. OtlpDataPoint.From(ExportMetricsServiceRequest.Parser.ParseFrom(payload))]);
                return true;
            }

            return false;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }

    /// <summary>A gRPC message: a compression flag (0 here), a 4-byte big-endian length, the protobuf bytes; null if the frame is not one whole message.</summary>
    private static byte[]? GrpcMessage(byte[] frame) =>
        frame.Length >= 5 && frame[0] == 0 && BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1)) == frame.Length - 5 ? frame[5..] : null;
}
