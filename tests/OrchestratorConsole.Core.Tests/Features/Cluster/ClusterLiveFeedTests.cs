using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Tests.Features.Cluster;

/// <summary>The cluster view that every open page of a node shares, over the node's real (Embedded) cluster store.</summary>
public sealed class ClusterLiveFeedTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private NodeHost _node = null!;

    public async ValueTask InitializeAsync() =>
        _node = await NodeHost.StartAsync(new NodeHostOptions { Time = new FakeTimeProvider(DateTimeOffset.UtcNow) }, Ct);

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Pages_asking_at_once_share_one_read_and_a_change_shows_once_the_snapshot_is_a_refresh_old()
    {
        var feed = _node.Get<ClusterLiveFeed>();
        var first = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => feed.GetAsync(Ct)));
        Assert.All(first, s => Assert.Same(first[0], s));

        await RegisterAsync("east");
        Assert.Same(first[0], await feed.GetAsync(Ct));
        Assert.DoesNotContain(first[0].View.Nodes, n => n.Name == "east");

        _node.Clock.Advance(TimeSpan.FromSeconds(1));
        var later = await feed.GetAsync(Ct);
        Assert.NotSame(first[0], later);
        Assert.Contains(later.View.Nodes, n => n.Name == "east");
    }

    [Fact]
    public async Task After_Invalidate_the_next_caller_sees_the_change_at_once()
    {
        var feed = _node.Get<ClusterLiveFeed>();
        var before = await feed.GetAsync(Ct);
        await RegisterAsync("west");

        feed.Invalidate();

        var after = await feed.GetAsync(Ct);
        Assert.DoesNotContain(before.View.Nodes, n => n.Name == "west");
        Assert.Contains(after.View.Nodes, n => n.Name == "west");
    }

    [Fact]
    public async Task Events_after_the_first_read_come_in_order_with_the_latest_id_and_only_the_last_hundred_are_kept()
    {
        var feed = _node.Get<ClusterLiveFeed>();
        await using var store = await StoreAsync();
        await store.AddEventAsync(new NewClusterEvent("failover", null, null, "before any page", Guid.NewGuid(), null), Ct);
        var opened = await feed.GetAsync(Ct);
        var history = opened.LatestEventId;
        Assert.True(history > 0);

        for (var i = 0; i < ClusterLiveFeed.EventsKept + 5; i++)
        {
            await store.AddEventAsync(new NewClusterEvent("failover", null, null, $"event {i}", Guid.NewGuid(), null), Ct);
        }

        _node.Clock.Advance(TimeSpan.FromSeconds(1));
        var later = await feed.GetAsync(Ct);
        var fresh = later.RecentEvents.Where(e => e.Id > history).ToList();
        Assert.Equal(ClusterLiveFeed.EventsKept, later.RecentEvents.Count);
        Assert.Equal(Enumerable.Range(5, ClusterLiveFeed.EventsKept).Select(i => $"event {i}"), fresh.Select(e => e.Detail));
        Assert.Equal(fresh[^1].Id, later.LatestEventId);
    }

    private async Task<IClusterStore> StoreAsync()
    {
        var database = (await _node.Get<ConfigurationService>().GetAsync<DatabaseSettings>(Ct)).Settings;
        return _node.Get<ClusterStoreFactory>().Create(database);
    }

    private async Task RegisterAsync(string name)
    {
        await using var store = await StoreAsync();
        await store.RegisterAsync(
            new NodeAnnouncement(Guid.NewGuid(), Guid.NewGuid(), name, "http://127.0.0.1:9", ProductInfo.Version, "aaaa", "aaaa", DateTimeOffset.UtcNow, null, null),
            TimeSpan.FromMinutes(5),
            null,
            Ct);
    }
}
