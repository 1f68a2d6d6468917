using OrchestratorConsole.Core.Features.Database;

namespace OrchestratorConsole.Core.Tests.Features.Database;

public sealed class SqlServerSnapshotCheckTests
{
    [Fact]
    public void Both_options_on_pass_in_a_cluster()
    {
        var checks = SqlServerSnapshotCheck.Evaluate("vco", snapshotIsolationState: 1, readCommittedSnapshotOn: true, clusterMode: true);

        Assert.All(checks, c => Assert.True(c.Ok));
        Assert.All(checks, c => Assert.Null(c.Statement));
    }

    [Fact]
    public void Each_option_that_is_off_is_named_with_the_statement_that_turns_it_on()
    {
        var checks = SqlServerSnapshotCheck.Evaluate("vco", snapshotIsolationState: 0, readCommittedSnapshotOn: false, clusterMode: true);

        var snapshot = Assert.Single(checks, c => c.Name == "ALLOW_SNAPSHOT_ISOLATION");
        Assert.False(snapshot.Ok);
        Assert.Equal("ALTER DATABASE [vco] SET ALLOW_SNAPSHOT_ISOLATION ON;", snapshot.Statement);
        var rcsi = Assert.Single(checks, c => c.Name == "READ_COMMITTED_SNAPSHOT");
        Assert.False(rcsi.Ok);
        Assert.Equal("ALTER DATABASE [vco] SET READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE;", rcsi.Statement);
    }

    [Fact]
    public void Only_the_option_that_is_off_fails()
    {
        var checks = SqlServerSnapshotCheck.Evaluate("vco", snapshotIsolationState: 1, readCommittedSnapshotOn: false, clusterMode: true);

        Assert.True(Assert.Single(checks, c => c.Name == "ALLOW_SNAPSHOT_ISOLATION").Ok);
        Assert.False(Assert.Single(checks, c => c.Name == "READ_COMMITTED_SNAPSHOT").Ok);
    }

    [Fact]
    public void Outside_a_cluster_options_that_are_off_are_advice_not_failures()
    {
        var checks = SqlServerSnapshotCheck.Evaluate("vco", snapshotIsolationState: 0, readCommittedSnapshotOn: false, clusterMode: false);

        Assert.All(checks, c => Assert.True(c.Ok));
        Assert.All(checks, c => Assert.NotNull(c.Statement));
    }

    [Fact]
    public void A_snapshot_state_still_turning_on_is_not_yet_on()
    {
        var checks = SqlServerSnapshotCheck.Evaluate("vco", snapshotIsolationState: 3, readCommittedSnapshotOn: true, clusterMode: true);

        var snapshot = Assert.Single(checks, c => c.Name == "ALLOW_SNAPSHOT_ISOLATION");
        Assert.False(snapshot.Ok);
        Assert.Contains("turning on", snapshot.Message);
    }

    [Fact]
    public void A_database_name_with_a_bracket_is_quoted_safely()
    {
        var checks = SqlServerSnapshotCheck.Evaluate("we]ird", 0, false, true);

        Assert.Equal("ALTER DATABASE [we]]ird] SET ALLOW_SNAPSHOT_ISOLATION ON;", checks[0].Statement);
    }
}
