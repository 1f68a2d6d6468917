using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// Signs and checks node-to-node calls with the cluster key kept in the Orchestrator database: an HMAC-SHA256 (lower-case
/// hex) over the receiving node's id, the method, the host the call was addressed to, the path and query, the content
/// type, the body's SHA-256, the time, a nonce, the sender's node id and the administrator who acted
/// (<see cref="SignedCall.Canonical"/>). The body's hash travels in a header of its own, so the signature is checked
/// before the body is read, and the body is checked against the hash as it streams in (<see cref="SignedBody"/>).
/// </summary>
public sealed class NodeToNodeSignature(TimeProvider time)
{
    public const string NodeHeader = "X-Orchestrator-Node";
    public const string ReceiverHeader = "X-Orchestrator-Receiver";
    public const string TimeHeader = "X-Orchestrator-Time";
    public const string NonceHeader = "X-Orchestrator-Nonce";
    public const string ActorHeader = "X-Orchestrator-Actor";
    public const string ContentSha256Header = "X-Orchestrator-Content-SHA256";
    public const string SignatureHeader = "X-Orchestrator-Signature";

    /// <summary>How far the sender's clock may be from the receiver's.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an accepted call's nonce is kept: a call is accepted up to a window either side of its time, so twice
    /// the window, and one more for clocks (the nodes' and the database's) that do not quite agree.
    /// </summary>
    public static readonly TimeSpan NonceLifetime = 3 * Window;

    /// <summary>Sets the signature headers of <paramref name="request"/>, with a new time and nonce: a retry signed again is not a replay.</summary>
    public async Task SignAsync(HttpRequestMessage request, NodeToNodeCall call, Guid sender, CancellationToken cancellationToken)
    {
        var contentSha256 = Sha256Hex([]);
        var contentType = string.Empty;
        if (request.Content is { } content)
        {
            // Buffered once (a no-op when it already is): every attempt hashes and sends the same bytes.
            await content.LoadIntoBufferAsync(cancellationToken);
            contentSha256 = await Sha256HexAsync(content, cancellationToken);
            contentType = content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : string.Empty;
        }

        var signed = new SignedCall(
            sender,
            call.Receiver,
            time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            Uri.EscapeDataString(call.Actor),
            contentSha256,
            string.Empty);
        var uri = request.RequestUri!;
        var target = new CallTarget(request.Method.Method, request.Headers.Host ?? uri.Authority, uri.PathAndQuery, contentType);
        Set(request, NodeHeader, signed.Sender.ToString("D"));
        Set(request, ReceiverHeader, signed.Receiver.ToString("D"));
        Set(request, TimeHeader, signed.Time);
        Set(request, NonceHeader, signed.Nonce);
        Set(request, ActorHeader, signed.Actor);
        Set(request, ContentSha256Header, signed.ContentSha256);
        Set(request, SignatureHeader, Compute(call.ClusterKey, signed, target));
    }

    /// <summary>
    /// Whether the call's time is within the window of <paramref name="receivedAt"/>, its arrival: a package's body may
    /// take minutes to arrive after its headers.
    /// </summary>
    public static bool IsWithinWindow(SignedCall call, DateTimeOffset receivedAt) => (receivedAt - call.SignedAt).Duration() <= Window;

    /// <summary>Whether the signature of <paramref name="call"/>, received as <paramref name="target"/>, was made with <paramref name="clusterKey"/>.</summary>
    public static bool Verify(byte[] clusterKey, SignedCall call, CallTarget target) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(clusterKey, call, target)), Encoding.ASCII.GetBytes(call.Signature));

    /// <summary>The lower-case hex SHA-256 of <paramref name="bytes"/>.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The hash of the content as it will be sent, written through the hash without another copy of the bytes.</summary>
    private static async Task<string> Sha256HexAsync(HttpContent content, CancellationToken cancellationToken)
    {
        using var sha256 = SHA256.Create();
        await using (var sink = new CryptoStream(Stream.Null, sha256, CryptoStreamMode.Write, leaveOpen: true))
        {
            await content.CopyToAsync(sink, cancellationToken);
        }

        return Convert.ToHexStringLower(sha256.Hash!);
    }

    private static void Set(HttpRequestMessage request, string header, string value)
    {
        request.Headers.Remove(header);
        request.Headers.Add(header, value);
    }

    private static string Compute(byte[] key, SignedCall call, CallTarget target) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(call.Canonical(target))));
}
