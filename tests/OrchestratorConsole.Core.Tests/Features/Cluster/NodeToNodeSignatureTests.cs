using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Features.Cluster;

namespace OrchestratorConsole.Core.Tests.Features.Cluster;

public sealed class NodeToNodeSignatureTests : IDisposable
{
    private static readonly byte[] ClusterKey = Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef");
    private static readonly Guid Sender = Guid.Parse("6f1c2a4e-1d2b-4c3d-8e9f-0a1b2c3d4e5f");
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"sections\":[\"cluster\"]}");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));
    private readonly MemoryCache _seen = new(new MemoryCacheOptions());
    private readonly NodeToNodeSignature _signature;

    public NodeToNodeSignatureTests() => _signature = new NodeToNodeSignature(_time, _seen);

    public void Dispose() => _seen.Dispose();

    private async Task<Dictionary<string, string?>> SignAsync(string method = "POST", string path = "/api/internal/cluster/apply", string actor = "alice")
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "http://node-a.example:8283" + path) { Content = new ByteArrayContent(Body) };
        await _signature.SignAsync(request, ClusterKey, Sender, actor, TestContext.Current.CancellationToken);
        return request.Headers.ToDictionary(h => h.Key, h => (string?)h.Value.Single());
    }

    [Fact]
    public async Task A_signed_call_verifies()
    {
        var headers = await SignAsync();

        Assert.Null(_signature.Verify(ClusterKey, "POST", "/api/internal/cluster/apply", headers, Body));
    }

    [Fact]
    public async Task A_call_whose_body_was_changed_is_refused()
    {
        var headers = await SignAsync();

        var refusal = _signature.Verify(ClusterKey, "POST", "/api/internal/cluster/apply", headers, Encoding.UTF8.GetBytes("{\"sections\":[\"database\"]}"));

        Assert.Contains("signature does not match", refusal);
    }

    [Fact]
    public async Task A_call_sent_to_another_path_is_refused()
    {
        var headers = await SignAsync();

        Assert.Contains("signature does not match", _signature.Verify(ClusterKey, "POST", "/api/internal/cluster/plugins", headers, Body));
    }

    [Fact]
    public async Task A_call_with_another_method_is_refused()
    {
        var headers = await SignAsync();

        Assert.Contains("signature does not match", _signature.Verify(ClusterKey, "PUT", "/api/internal/cluster/apply", headers, Body));
    }

    [Fact]
    public async Task A_call_that_names_another_administrator_is_refused()
    {
        var headers = await SignAsync(actor: "alice");
        headers[NodeToNodeSignature.ActorHeader] = "mallory";

        Assert.Contains("signature does not match", _signature.Verify(ClusterKey, "POST", "/api/internal/cluster/apply", headers, Body));
    }

    [Fact]
    public async Task A_call_that_claims_another_sender_is_refused()
    {
        var headers = await SignAsync();
        headers[NodeToNodeSignature.NodeHeader] = Guid.NewGuid().ToString();

        Assert.Contains("signature does not match", _signature.Verify(ClusterKey, "POST", "/api/internal/cluster/apply", headers, Body));
    }

    [Fact]
    public async Task A_call_signed_with_another_key_is_refused()
    {
        var headers = await SignAsync();

        Assert.Contains("signature does not match", _signature.Verify(Encoding.UTF8.GetBytes("another cluster's key, 32 bytes!"), "POST", "/api/internal/cluster/apply", headers, Body));
    }

    [Fact]
    public async Task A_call_without_signature_headers_is_refused()
    {
        var headers = await SignAsync();
        headers.Remove(NodeToNodeSignature.SignatureHeader);

        Assert.Contains("not signed", _signature.Verify(ClusterKey, "POST", "/api/internal/cluster/apply", headers, Body));
    }

    [Fact]
    public async Task A_call_received_within_the_window_verifies()
    {
        var headers = await SignAsync();
        _time.Advance(NodeToNodeSignature.Window - TimeSpan.FromSeconds(1));

        Assert.Null(_signature.Verify(ClusterKey, "POST", "/api/internal/cluster/apply", headers, Body));
    }

    [Fact]
    public async Task A_call_received_after_the_window_is_refused()
    {
        var headers = await SignAsync();
        _time.Advance(NodeToNodeSignature.Window + TimeSpan.FromSeconds(1));

        Assert.Contains("outside the allowed window", _signature.Verify(ClusterKey, "POST", "/api/internal/cluster/apply", headers, Body));
    }

    [Fact]
    public async Task A_call_stamped_too_far_in_the_future_is_refused()
    {
        var senderClock = new FakeTimeProvider(_time.GetUtcNow() + NodeToNodeSignature.Window + TimeSpan.FromSeconds(1));
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://node-a.example:8283/api/internal/cluster/apply") { Content = new ByteArrayContent(Body) };
        await new NodeToNodeSignature(senderClock, _seen).SignAsync(request, ClusterKey, Sender, "alice", TestContext.Current.CancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => (string?)h.Value.Single());

        Assert.Contains("outside the allowed window", _signature.Verify(ClusterKey, "POST", "/api/internal/cluster/apply", headers, Body));
    }

    [Fact]
    public async Task The_same_call_received_twice_is_refused_as_a_replay()
    {
        var headers = await SignAsync();

        Assert.Null(_signature.Verify(ClusterKey, "POST", "/api/internal/cluster/apply", headers, Body));
        Assert.Contains("replay", _signature.Verify(ClusterKey, "POST", "/api/internal/cluster/apply", headers, Body));
    }

    [Fact]
    public async Task Two_calls_signed_one_after_the_other_both_verify()
    {
        var first = await SignAsync();
        var second = await SignAsync();

        Assert.NotEqual(first[NodeToNodeSignature.NonceHeader], second[NodeToNodeSignature.NonceHeader]);
        Assert.Null(_signature.Verify(ClusterKey, "POST", "/api/internal/cluster/apply", first, Body));
        Assert.Null(_signature.Verify(ClusterKey, "POST", "/api/internal/cluster/apply", second, Body));
    }

    [Fact]
    public async Task A_call_whose_body_took_longer_than_the_window_to_arrive_is_checked_against_its_arrival()
    {
        var headers = await SignAsync();
        var receivedAt = _time.GetUtcNow().AddSeconds(1);
        _time.Advance(TimeSpan.FromMinutes(4));

        Assert.Null(_signature.Verify(ClusterKey, "POST", "/api/internal/cluster/apply", headers, Body, receivedAt));
    }

    [Fact]
    public async Task A_retry_signed_again_carries_only_its_own_new_signature_and_verifies_after_the_first_attempt()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://node-a.example:8283/api/internal/cluster/apply") { Content = new ByteArrayContent(Body) };
        await _signature.SignAsync(request, ClusterKey, Sender, "alice", TestContext.Current.CancellationToken);
        var first = request.Headers.ToDictionary(h => h.Key, h => (string?)h.Value.Single());
        _time.Advance(TimeSpan.FromSeconds(20));

        await _signature.SignAsync(request, ClusterKey, Sender, "alice", TestContext.Current.CancellationToken);
        var retry = request.Headers.ToDictionary(h => h.Key, h => (string?)h.Value.Single());

        Assert.NotEqual(first[NodeToNodeSignature.NonceHeader], retry[NodeToNodeSignature.NonceHeader]);
        Assert.Null(_signature.Verify(ClusterKey, "POST", "/api/internal/cluster/apply", first, Body));
        Assert.Null(_signature.Verify(ClusterKey, "POST", "/api/internal/cluster/apply", retry, Body));
    }
}
