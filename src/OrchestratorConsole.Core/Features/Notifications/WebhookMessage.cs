using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Notifications;

/// <summary>
/// The JSON body of one event as a webhook receives it. <see cref="Id"/> is the cluster event's id: it grows with every
/// event, so a receiver sees the order and can drop an event it was sent twice (a sender that lost its lease in the
/// middle of a delivery may repeat one).
/// </summary>
public sealed record WebhookMessage(
    string Event,
    long? Id,
    DateTimeOffset Time,
    string Detail,
    WebhookNode? Node,
    long? Epoch,
    WebhookNode SentBy,
    bool Test)
{
    public const string SignatureHeader = "X-Orchestrator-Event-Signature";
    public const string EventHeader = "X-Orchestrator-Event";
    public const string IdHeader = "X-Orchestrator-Event-Id";

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, ConfigurationRegistry.JsonOptions);

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the body under the secret.</summary>
    public static string Sign(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)).ToLowerInvariant();
}

/// <summary>A node named in an event: the one it happened to, or the one that sent it.</summary>
public sealed record WebhookNode(Guid NodeId, string? Name, string? PublicUrl = null);
