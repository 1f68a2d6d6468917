using OrchestratorConsole.Core.Features.Cluster;

namespace OrchestratorConsole.Core.Tests.Features.Cluster;

public sealed class PluginConsistencyTests
{
    private static string Set(params (string Id, string Version)[] plugins) =>
        "[" + string.Join(",", plugins.Select(p => $"{{\"id\":\"{p.Id}\",\"version\":\"{p.Version}\",\"enabled\":true}}")) + "]";

    [Fact]
    public void Nodes_with_the_majority_set_are_not_flagged_and_the_odd_node_is_told_what_differs()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var c = Guid.NewGuid();
        var flagged = PluginConsistency.Describe(
        [
            (a, true, Set(("mail", "7.0.1"), ("ssh", "7.1.0"))),
            (b, true, Set(("mail", "7.0.1"), ("ssh", "7.1.0"))),
            (c, true, Set(("mail", "7.1.0"), ("vcenter", "6.5.0"))),
        ]);

        Assert.False(flagged.ContainsKey(a));
        Assert.False(flagged.ContainsKey(b));
        var message = flagged[c];
        Assert.Contains("lacks ssh 7.1.0", message);
        Assert.Contains("has vcenter 6.5.0, which the others lack", message);
        Assert.Contains("has mail 7.1.0 where the others have 7.0.1", message);
    }

    [Fact]
    public void Identical_sets_flag_nobody()
    {
        var set = Set(("mail", "7.0.1"));

        Assert.Empty(PluginConsistency.Describe([(Guid.NewGuid(), true, set), (Guid.NewGuid(), true, set)]));
    }

    [Fact]
    public void A_node_that_is_not_live_does_not_decide_the_reference_but_is_still_compared()
    {
        var live = Guid.NewGuid();
        var down = Guid.NewGuid();

        var flagged = PluginConsistency.Describe([(live, true, Set(("mail", "7.0.1"))), (down, false, Set())]);

        Assert.False(flagged.ContainsKey(live));
        Assert.Contains("lacks mail 7.0.1", flagged[down]);
    }
}
