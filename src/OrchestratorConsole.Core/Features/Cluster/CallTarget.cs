namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// What a node-to-node call was addressed to, as its signature covers it: the method, the host (the Host header the
/// sender used), the path with its query, and the content type (which carries a multipart body's boundary).
/// </summary>
public sealed record CallTarget(string Method, string Host, string PathAndQuery, string ContentType);
