using System.Globalization;
using System.Text.RegularExpressions;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>The signature headers of a node-to-node call, read and checked for form before anything else of the call is looked at.</summary>
public sealed partial record SignedCall(Guid Sender, Guid Receiver, string Time, string Nonce, string Actor, string ContentSha256, string Signature)
{
    /// <summary>The administrator's name travels escaped; a longer one is not a name.</summary>
    private const int MaxActorLength = 1024;

    /// <summary>The call's headers as a <see cref="SignedCall"/>, or null when one is missing or malformed.</summary>
    public static SignedCall? Read(Func<string, string?> header)
    {
        var sender = header(NodeToNodeSignature.NodeHeader);
        var receiver = header(NodeToNodeSignature.ReceiverHeader);
        var time = header(NodeToNodeSignature.TimeHeader);
        var nonce = header(NodeToNodeSignature.NonceHeader);
        var actor = header(NodeToNodeSignature.ActorHeader);
        var contentSha256 = header(NodeToNodeSignature.ContentSha256Header);
        var signature = header(NodeToNodeSignature.SignatureHeader);
        return Guid.TryParseExact(sender, "D", out var senderId)
            && Guid.TryParseExact(receiver, "D", out var receiverId)
            && time is { Length: > 0 and <= 15 } && long.TryParse(time, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && nonce is not null && Hex(32).IsMatch(nonce)
            && actor is { Length: > 0 and <= MaxActorLength }
            && contentSha256 is not null && Hex(64).IsMatch(contentSha256)
            && signature is not null && Hex(64).IsMatch(signature)
                ? new SignedCall(senderId, receiverId, time, nonce, actor, contentSha256, signature)
                : null;
    }

    /// <summary>When the sender signed the call, by its clock.</summary>
    public DateTimeOffset SignedAt => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Time, NumberStyles.None, CultureInfo.InvariantCulture));

    /// <summary>The administrator who acted on the sending node.</summary>
    public string ActorName => Uri.UnescapeDataString(Actor);

    /// <summary>The text the signature is the HMAC of: every part of the call but its body, which enters by its hash.</summary>
    public string Canonical(CallTarget target) => string.Join(
        '\n',
        "orchestrator-node-to-node v2",
        target.Method.ToUpperInvariant(),
        Receiver.ToString("D"),
        target.Host.ToLowerInvariant(),
        target.PathAndQuery,
        target.ContentType,
        ContentSha256,
        Time,
        Nonce,
        Sender.ToString("D"),
        Actor);

    private static Regex Hex(int length) => length == 32 ? Hex32() : Hex64();

    [GeneratedRegex("^[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex Hex32();

    [GeneratedRegex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Hex64();
}
