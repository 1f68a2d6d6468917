namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>What every open cluster page of this node shows at one moment: the view and the cluster's latest events.</summary>
/// <param name="View">The cluster as read from its database.</param>
/// <param name="RecentEvents">The last events (at most <see cref="ClusterLiveFeed.EventsKept"/>), oldest first.</param>
/// <param name="LatestEventId">The id of the newest event the feed has seen (0 when there is none).</param>
public sealed record ClusterLiveSnapshot(ClusterView View, IReadOnlyList<ClusterEventView> RecentEvents, long LatestEventId);
