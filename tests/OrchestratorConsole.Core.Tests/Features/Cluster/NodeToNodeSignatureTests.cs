using System.Text;
using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Features.Cluster;

namespace OrchestratorConsole.Core.Tests.Features.Cluster;

public sealed class NodeToNodeSignatureTests
{
    private const string Path = "/api/cluster/internal/apply";
    private const string Host = "node-b.example:8283";
    private const string Json = "application/json; charset=utf-8";
    private static readonly byte[] ClusterKey = Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef");
    private static readonly Guid Sender = Guid.Parse("6f1c2a4e-1d2b-4c3d-8e9f-0a1b2c3d4e5f");
    private static readonly Guid Receiver = Guid.Parse("0b7e9c1d-5a4f-4e3b-9c2d-1e0f2a3b4c5d");
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"sections\":[\"cluster\"]}");
    private static readonly CallTarget Sent = new("POST", Host, Path, Json);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));

    private async Task<SignedCall> SignAsync(string actor = "alice", FakeTimeProvider? clock = null, HttpRequestMessage? request = null)
    {
        using var owned = new HttpRequestMessage(HttpMethod.Post, $"http://{Host}{Path}") { Content = new ByteArrayContent(Body) { Headers = { { "Content-Type", Json } } } };
        request ??= owned;
        await new NodeToNodeSignature(clock ?? _time).SignAsync(request, new NodeToNodeCall(ClusterKey, actor, Receiver), Sender, TestContext.Current.CancellationToken);
        return Read(request);
    }

    private static SignedCall Read(HttpRequestMessage request) =>
        SignedCall.Read(name => request.Headers.TryGetValues(name, out var values) ? values.Single() : null) ?? throw new InvalidOperationException("The headers do not read as a signed call.");

    [Fact]
    public async Task A_signed_call_verifies_as_it_was_sent()
    {
        var call = await SignAsync();

        Assert.True(NodeToNodeSignature.Verify(ClusterKey, call, Sent));
        Assert.Equal((Sender, Receiver, NodeToNodeSignature.Sha256Hex(Body)), (call.Sender, call.Receiver, call.ContentSha256));
        Assert.Matches("^[0-9a-f]{64}$", call.Signature);
    }

    public static TheoryData<string, CallTarget> AlteredTargets => new()
    {
        { "another method", Sent with { Method = "PUT" } },
        { "another path", Sent with { PathAndQuery = "/api/cluster/internal/plugins" } },
        { "a query added", Sent with { PathAndQuery = Path + "?section=database" } },
        { "another host", Sent with { Host = "node-c.example:8283" } },
        { "another port", Sent with { Host = "node-b.example:9443" } },
        { "another content type", Sent with { ContentType = "multipart/form-data; boundary=inner" } },
    };

    [Theory]
    [MemberData(nameof(AlteredTargets))]
    public async Task A_call_received_with_a_part_altered_is_refused(string altered, CallTarget target)
    {
        var call = await SignAsync();

        Assert.False(NodeToNodeSignature.Verify(ClusterKey, call, target), altered);
    }

    [Fact]
    public async Task The_host_is_compared_without_regard_to_case()
    {
        var call = await SignAsync();

        Assert.True(NodeToNodeSignature.Verify(ClusterKey, call, Sent with { Host = Host.ToUpperInvariant() }));
    }

    [Fact]
    public async Task A_call_whose_headers_were_changed_is_refused()
    {
        var call = await SignAsync();

        Assert.False(NodeToNodeSignature.Verify(ClusterKey, call with { Receiver = Guid.NewGuid() }, Sent));
        Assert.False(NodeToNodeSignature.Verify(ClusterKey, call with { Sender = Guid.NewGuid() }, Sent));
        Assert.False(NodeToNodeSignature.Verify(ClusterKey, call with { Actor = "mallory" }, Sent));
        Assert.False(NodeToNodeSignature.Verify(ClusterKey, call with { ContentSha256 = NodeToNodeSignature.Sha256Hex("{}"u8) }, Sent));
        Assert.False(NodeToNodeSignature.Verify(ClusterKey, call with { Nonce = new string('0', 32) }, Sent));
        Assert.False(NodeToNodeSignature.Verify(ClusterKey, call with { Time = (long.Parse(call.Time) + 1).ToString() }, Sent));
    }

    [Fact]
    public async Task A_call_signed_with_another_key_is_refused()
    {
        var call = await SignAsync();

        Assert.False(NodeToNodeSignature.Verify(Encoding.UTF8.GetBytes("another cluster's key, 32 bytes!"), call, Sent));
    }

    [Theory]
    [InlineData(NodeToNodeSignature.SignatureHeader)]
    [InlineData(NodeToNodeSignature.ReceiverHeader)]
    [InlineData(NodeToNodeSignature.ContentSha256Header)]
    [InlineData(NodeToNodeSignature.NonceHeader)]
    public async Task A_call_missing_a_signature_header_does_not_read_as_signed(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{Host}{Path}") { Content = new ByteArrayContent(Body) };
        await SignAsync(request: request);
        request.Headers.Remove(header);

        Assert.Null(SignedCall.Read(name => request.Headers.TryGetValues(name, out var values) ? values.Single() : null));
    }

    [Theory]
    [InlineData(NodeToNodeSignature.SignatureHeader, "ABCDEF")]
    [InlineData(NodeToNodeSignature.TimeHeader, "-5")]
    [InlineData(NodeToNodeSignature.NodeHeader, "node-a")]
    [InlineData(NodeToNodeSignature.NonceHeader, "not hex, not 32 characters long..")]
    public async Task A_call_with_a_malformed_signature_header_does_not_read_as_signed(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{Host}{Path}") { Content = new ByteArrayContent(Body) };
        await SignAsync(request: request);
        request.Headers.Remove(header);
        request.Headers.TryAddWithoutValidation(header, value);

        Assert.Null(SignedCall.Read(name => request.Headers.TryGetValues(name, out var values) ? values.Single() : null));
    }

    [Fact]
    public async Task A_call_received_within_the_window_is_in_time_and_one_received_after_it_is_not()
    {
        var call = await SignAsync();

        Assert.True(NodeToNodeSignature.IsWithinWindow(call, _time.GetUtcNow() + NodeToNodeSignature.Window - TimeSpan.FromSeconds(1)));
        Assert.False(NodeToNodeSignature.IsWithinWindow(call, _time.GetUtcNow() + NodeToNodeSignature.Window + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_call_stamped_too_far_in_the_future_is_not_in_time()
    {
        var call = await SignAsync(clock: new FakeTimeProvider(_time.GetUtcNow() + NodeToNodeSignature.Window + TimeSpan.FromSeconds(1)));

        Assert.False(NodeToNodeSignature.IsWithinWindow(call, _time.GetUtcNow()));
    }

    [Fact]
    public async Task A_nonce_is_kept_longer_than_any_call_carrying_it_is_in_time()
    {
        var call = await SignAsync();
        var firstAccepted = _time.GetUtcNow() - NodeToNodeSignature.Window;
        var lastInTime = _time.GetUtcNow() + NodeToNodeSignature.Window;

        Assert.True(NodeToNodeSignature.IsWithinWindow(call, firstAccepted) && NodeToNodeSignature.IsWithinWindow(call, lastInTime));
        Assert.True(firstAccepted + NodeToNodeSignature.NonceLifetime > lastInTime);
    }

    [Fact]
    public async Task A_retry_signed_again_carries_only_its_own_new_time_nonce_and_signature_and_both_verify()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{Host}{Path}") { Content = new ByteArrayContent(Body) { Headers = { { "Content-Type", Json } } } };
        var first = await SignAsync(request: request);
        _time.Advance(TimeSpan.FromSeconds(20));

        var retry = await SignAsync(request: request);

        Assert.NotEqual(first.Nonce, retry.Nonce);
        Assert.NotEqual(first.Time, retry.Time);
        Assert.True(NodeToNodeSignature.Verify(ClusterKey, first, Sent));
        Assert.True(NodeToNodeSignature.Verify(ClusterKey, retry, Sent));
    }

    [Fact]
    public async Task An_administrator_name_outside_ascii_travels_escaped_and_reads_back()
    {
        var call = await SignAsync(actor: "Zoë Ångström");

        Assert.Equal("Zoë Ångström", call.ActorName);
        Assert.True(NodeToNodeSignature.Verify(ClusterKey, call, Sent));
    }
}
