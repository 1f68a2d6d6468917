namespace OrchestratorConsole.Core.Features.Notifications;

/// <summary>The events a webhook can receive, and the cluster event each one is told from.</summary>
public static class NotificationEvents
{
    public const string Failover = "failover";
    public const string NodeFailed = "nodeFailed";
    public const string NodeReturned = "nodeReturned";
    public const string SyncRequired = "syncRequired";
    public const string CertificateExpiring = "certificateExpiring";

    /// <summary>Sent only by <c>POST /api/notifications/test</c>, to every webhook whatever its events.</summary>
    public const string Test = "test";

    public static readonly IReadOnlyList<string> All = [Failover, NodeFailed, NodeReturned, SyncRequired, CertificateExpiring];

    /// <summary>The kinds of the cluster event log (<c>cluster_events</c>).</summary>
    public static class Kinds
    {
        public const string Failover = "failover";
        public const string NodeFailed = "node-failed";
        public const string NodeReturned = "node-returned";
        public const string SyncRequired = "sync-required";
        public const string CertificateExpiring = "certificate-expiring";
    }

    /// <summary>The webhook event of a cluster event, or null for a kind no webhook receives.</summary>
    public static string? ForKind(string kind) => kind switch
    {
        Kinds.Failover => Failover,
        Kinds.NodeFailed => NodeFailed,
        Kinds.NodeReturned => NodeReturned,
        Kinds.SyncRequired => SyncRequired,
        Kinds.CertificateExpiring => CertificateExpiring,
        _ => null,
    };

    public static string Label(string eventName) => eventName switch
    {
        Failover => "Failover",
        NodeFailed => "Node failed",
        NodeReturned => "Node returned",
        SyncRequired => "Synchronization required",
        CertificateExpiring => "Certificate expiring",
        _ => eventName,
    };
}
