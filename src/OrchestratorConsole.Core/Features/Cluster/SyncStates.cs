namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>The sync states of vRO 7's Control Center.</summary>
public static class SyncStates
{
    public const string Synchronized = "Synchronized";
    public const string PendingRestart = "Pending restart";
    public const string SynchronizationRequired = "Configuration synchronization required";
    public const string NotAvailable = "Not available";
}
