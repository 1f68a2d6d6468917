using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// Signs and checks node-to-node calls with the cluster key kept in the Orchestrator database: an HMAC-SHA256 over
/// the method, path, time, a nonce, the body's hash, the sender's node id and the administrator who acted. A call
/// outside a short time window, or seen before, is refused.
/// </summary>
public sealed class NodeToNodeSignature(TimeProvider time, IMemoryCache seen)
{
    public const string NodeHeader = "X-Orchestrator-Node";
    public const string TimeHeader = "X-Orchestrator-Time";
    public const string NonceHeader = "X-Orchestrator-Nonce";
    public const string ActorHeader = "X-Orchestrator-Actor";
    public const string SignatureHeader = "X-Orchestrator-Signature";

    /// <summary>How far the sender's clock may be from the receiver's.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    /// <summary>Sets the signature headers of <paramref name="request"/>, with a new time and nonce: a retry signed again is not a replay.</summary>
    public async Task SignAsync(HttpRequestMessage request, byte[] clusterKey, Guid sender, string actor, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var timestamp = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var actorValue = Uri.EscapeDataString(actor);
        Set(request, NodeHeader, sender.ToString());
        Set(request, TimeHeader, timestamp);
        Set(request, NonceHeader, nonce);
        Set(request, ActorHeader, actorValue);
        Set(request, SignatureHeader, Compute(clusterKey, request.Method.Method, request.RequestUri!.AbsolutePath, timestamp, nonce, body, sender.ToString(), actorValue));
    }

    /// <summary>
    /// Checks a received call; returns null when it is good, else why it is refused. Its time is checked against
    /// <paramref name="receivedAt"/> (now by default): a package's body may take minutes to arrive after its headers.
    /// </summary>
    public string? Verify(byte[] clusterKey, string method, string path, IReadOnlyDictionary<string, string?> headers, byte[] body, DateTimeOffset? receivedAt = null)
    {
        string? Header(string name) => headers.TryGetValue(name, out var value) ? value : null;
        var sender = Header(NodeHeader);
        var timestamp = Header(TimeHeader);
        var nonce = Header(NonceHeader);
        var actor = Header(ActorHeader);
        var signature = Header(SignatureHeader);
        if (sender is null || timestamp is null || nonce is null || actor is null || signature is null)
        {
            return "The call is not signed by a node of this cluster.";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || ((receivedAt ?? time.GetUtcNow()) - DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)).Duration() > Window)
        {
            return "The call's time is outside the allowed window: check that the nodes' clocks agree.";
        }

        var expected = Compute(clusterKey, method, path, timestamp, nonce, body, sender, actor);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            return "The call's signature does not match the cluster key.";
        }

        var replayKey = "n2n:" + nonce;
        if (seen.TryGetValue(replayKey, out _))
        {
            return "The call was already received once (a replay).";
        }

        seen.Set(replayKey, true, Window + Window);
        return null;
    }

    private static void Set(HttpRequestMessage request, string header, string value)
    {
        request.Headers.Remove(header);
        request.Headers.Add(header, value);
    }

    private static string Compute(byte[] key, string method, string path, string timestamp, string nonce, byte[] body, string sender, string actor)
    {
        var text = string.Join('\n', method.ToUpperInvariant(), path, timestamp, nonce, Convert.ToHexString(SHA256.HashData(body)), sender, actor);
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));
    }
}
