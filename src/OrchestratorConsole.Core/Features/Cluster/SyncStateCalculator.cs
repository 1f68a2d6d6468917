namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// The sync state of each node: Pending restart when its saved configuration differs from the one its server runs;
/// Configuration synchronization required when its saved configuration differs from the one most live nodes hold
/// (ties: the most recently saved); Synchronized otherwise.
/// </summary>
public static class SyncStateCalculator
{
    public sealed record Input(Guid NodeId, bool Live, bool Running, string? ActiveFingerprint, string? PendingFingerprint, DateTimeOffset? PendingSavedAt);

    /// <summary>The fingerprint the cluster agrees on, or null when no live node published one.</summary>
    public static string? Reference(IEnumerable<Input> nodes) =>
        nodes.Where(n => n.Live && n.PendingFingerprint is not null)
            .GroupBy(n => n.PendingFingerprint!)
            .OrderByDescending(g => g.Count())
            .ThenByDescending(g => g.Max(n => n.PendingSavedAt ?? DateTimeOffset.MinValue))
            .Select(g => g.Key)
            .FirstOrDefault();

    public static string StateOf(Input node, string? reference)
    {
        if (!node.Live)
        {
            return SyncStates.NotAvailable;
        }

        if (reference is not null && node.PendingFingerprint != reference)
        {
            return SyncStates.SynchronizationRequired;
        }

        return node.Running && node.ActiveFingerprint is not null && node.ActiveFingerprint != node.PendingFingerprint
            ? SyncStates.PendingRestart
            : SyncStates.Synchronized;
    }
}
