using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// The body of a node-to-node call whose headers were verified: read straight from the request, hashed as it streams,
/// never held a second time. The endpoint's own reading (the JSON binder, the form reader) is the only copy;
/// <see cref="IsIntactAsync"/> reads whatever it left and compares the hash with the signed one before the endpoint acts.
/// </summary>
public sealed class SignedBody : ObservedReadStream
{
    private readonly string _expectedSha256;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool? _intact;

    private SignedBody(Stream inner, string expectedSha256)
        : base(inner)
    {
        _expectedSha256 = expectedSha256;
    }

    /// <summary>Puts a hashing body in place of <paramref name="context"/>'s, expecting <paramref name="expectedSha256"/>.</summary>
    public static void Install(HttpContext context, string expectedSha256)
    {
        var body = new SignedBody(context.Request.Body, expectedSha256);
        context.Request.Body = body;
        context.Features.Set(body);
        context.Response.RegisterForDispose(body);
    }

    /// <summary>
    /// Whether the body <paramref name="context"/> received is the one its signature names; reads the rest of it first.
    /// False for a call without a verified signature.
    /// </summary>
    public static Task<bool> IsIntactAsync(HttpContext context) =>
        context.Features.Get<SignedBody>() is { } body ? body.ReadRestAndCompareAsync(context.RequestAborted) : Task.FromResult(false);

    private async Task<bool> ReadRestAndCompareAsync(CancellationToken cancellationToken)
    {
        if (_intact is null)
        {
            var rest = new byte[16 * 1024];
            while (await ReadAsync(rest, cancellationToken) > 0)
            {
            }

            _intact = CryptographicOperations.FixedTimeEquals(Convert.FromHexString(_expectedSha256), _hash.GetHashAndReset());
        }

        return _intact.Value;
    }

    /// <summary>The request's own body belongs to the server.</summary>
    protected override bool OwnsInner => false;

    protected override void Observe(ReadOnlySpan<byte> read) => _hash.AppendData(read);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
