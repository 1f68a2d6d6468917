namespace OrchestratorConsole.Core.Features.Database;

/// <summary>
/// The SQL Server isolation options a cluster needs: ALLOW_SNAPSHOT_ISOLATION and READ_COMMITTED_SNAPSHOT must be ON.
/// Built on the values queried from <c>sys.databases</c>; each option that is off is named with the statement that turns it on.
/// </summary>
public static class SqlServerSnapshotCheck
{
    public const string Query = "SELECT snapshot_isolation_state, is_read_committed_snapshot_on FROM sys.databases WHERE name = DB_NAME()";

    /// <param name="databaseName">The database the options belong to.</param>
    /// <param name="snapshotIsolationState">sys.databases.snapshot_isolation_state: 0 off, 1 on, 2 turning off, 3 turning on.</param>
    /// <param name="readCommittedSnapshotOn">sys.databases.is_read_committed_snapshot_on.</param>
    /// <param name="clusterMode">Whether the node is (or will be) in cluster mode; outside a cluster the options are advised, not required.</param>
    public static IReadOnlyList<ConnectionCheck> Evaluate(string databaseName, int snapshotIsolationState, bool readCommittedSnapshotOn, bool clusterMode)
    {
        var quoted = "[" + databaseName.Replace("]", "]]", StringComparison.Ordinal) + "]";
        var snapshotOn = snapshotIsolationState == 1;
        var need = clusterMode ? "a cluster needs it ON" : "advised ON, and required for a cluster";
        return
        [
            snapshotOn
                ? new ConnectionCheck("ALLOW_SNAPSHOT_ISOLATION", true, "ALLOW_SNAPSHOT_ISOLATION is ON.")
                : new ConnectionCheck(
                    "ALLOW_SNAPSHOT_ISOLATION",
                    !clusterMode,
                    snapshotIsolationState == 3
                        ? $"ALLOW_SNAPSHOT_ISOLATION is still turning on ({need}); wait until open transactions finish."
                        : $"ALLOW_SNAPSHOT_ISOLATION is OFF ({need}). Run the statement shown.",
                    $"ALTER DATABASE {quoted} SET ALLOW_SNAPSHOT_ISOLATION ON;"),
            readCommittedSnapshotOn
                ? new ConnectionCheck("READ_COMMITTED_SNAPSHOT", true, "READ_COMMITTED_SNAPSHOT is ON.")
                : new ConnectionCheck(
                    "READ_COMMITTED_SNAPSHOT",
                    !clusterMode,
                    $"READ_COMMITTED_SNAPSHOT is OFF ({need}). Run the statement shown while no other connection uses the database.",
                    $"ALTER DATABASE {quoted} SET READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE;"),
        ];
    }
}
