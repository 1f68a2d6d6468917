using OrchestratorConsole.Core.Features.Cluster;
using Input = OrchestratorConsole.Core.Features.Cluster.SyncStateCalculator.Input;

namespace OrchestratorConsole.Core.Tests.Features.Cluster;

public sealed class SyncStateCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static Input Node(string pending, string? active = null, bool live = true, int savedMinutes = 0) =>
        new(Guid.NewGuid(), live, live, active ?? pending, pending, T0.AddMinutes(savedMinutes));

    [Fact]
    public void Nodes_holding_the_majority_fingerprint_are_synchronized_and_the_odd_one_needs_synchronization()
    {
        var nodes = new[] { Node("a"), Node("a"), Node("b") };
        var reference = SyncStateCalculator.Reference(nodes);

        Assert.Equal("a", reference);
        Assert.Equal(SyncStates.Synchronized, SyncStateCalculator.StateOf(nodes[0], reference));
        Assert.Equal(SyncStates.SynchronizationRequired, SyncStateCalculator.StateOf(nodes[2], reference));
    }

    [Fact]
    public void A_tie_goes_to_the_most_recently_saved_configuration()
    {
        var nodes = new[] { Node("old", savedMinutes: 1), Node("new", savedMinutes: 5) };

        Assert.Equal("new", SyncStateCalculator.Reference(nodes));
    }

    [Fact]
    public void A_node_whose_saved_configuration_differs_from_what_its_server_runs_is_pending_restart()
    {
        var node = Node(pending: "b", active: "a");

        Assert.Equal(SyncStates.PendingRestart, SyncStateCalculator.StateOf(node, "b"));
    }

    [Fact]
    public void A_node_that_is_not_live_is_not_available_and_does_not_vote()
    {
        var nodes = new[] { Node("a"), Node("b", live: false), Node("b", live: false) };

        Assert.Equal("a", SyncStateCalculator.Reference(nodes));
        Assert.Equal(SyncStates.NotAvailable, SyncStateCalculator.StateOf(nodes[1], "a"));
    }
}
