using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Features.Audit;

namespace OrchestratorConsole.Core.Tests.Features.Audit;

/// <summary>Recording and reading the audit trail, on each settings store.</summary>
public abstract class AuditServiceTests(NodeStore store) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private NodeHost _node = null!;

    private AuditService Audit => _node.Get<AuditService>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _node = await NodeHost.StartAsync(new NodeHostOptions { Store = store, Time = new FakeTimeProvider(Start) }, Ct);

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_recorded_event_reads_back_with_who_when_what_and_where()
    {
        _node.Clock.Advance(TimeSpan.FromMinutes(3));

        await Audit.RecordAsync(TestActors.Administrator("alice"), "configuration.save", "database", "version 2: moved to PostgreSQL", cancellationToken: Ct);

        var recorded = Assert.Single((await Audit.QueryAsync(new AuditQuery(User: "alice"), Ct)).Items);
        Assert.Equal(Start.AddMinutes(3), recorded.Time);
        Assert.Equal(("configuration.save", "database", "version 2: moved to PostgreSQL", true, "192.0.2.10"), (recorded.Action, recorded.Section, recorded.Detail, recorded.Succeeded, recorded.RemoteAddress));
    }

    [Fact]
    public async Task A_failed_action_is_recorded_as_failed()
    {
        await Audit.RecordAsync("mallory", "login.failed", null, "wrong password", false, "203.0.113.66", Ct);

        var recorded = Assert.Single((await Audit.QueryAsync(new AuditQuery(User: "mallory"), Ct)).Items);
        Assert.False(recorded.Succeeded);
        Assert.Null(recorded.Section);
    }

    [Fact]
    public async Task An_overlong_detail_is_cut_to_fit_rather_than_lost()
    {
        await Audit.RecordAsync(TestActors.Administrator("alice"), "configuration.save", "general", new string('x', 5000), cancellationToken: Ct);

        var recorded = Assert.Single((await Audit.QueryAsync(new AuditQuery(User: "alice"), Ct)).Items);
        Assert.Equal(2048, recorded.Detail!.Length);
    }

    [Fact]
    public async Task The_user_filter_returns_only_that_users_events()
    {
        await RecordTrailAsync();

        var bob = await Audit.QueryAsync(new AuditQuery(User: "bob"), Ct);

        Assert.Equal(2, bob.Total);
        Assert.All(bob.Items, e => Assert.Equal("bob", e.User));
    }

    [Fact]
    public async Task The_action_filter_matches_actions_that_start_with_it()
    {
        await RecordTrailAsync();

        var saves = await Audit.QueryAsync(new AuditQuery(Action: "configuration."), Ct);
        var logins = await Audit.QueryAsync(new AuditQuery(Action: "login", User: "alice"), Ct);

        Assert.Equal(["configuration.restore", "configuration.save", "configuration.save"], saves.Items.Select(e => e.Action).Order());
        Assert.Equal(["login", "login.failed"], logins.Items.Select(e => e.Action).Order());
    }

    [Fact]
    public async Task The_time_filter_includes_both_ends()
    {
        await RecordTrailAsync();

        var window = await Audit.QueryAsync(new AuditQuery(From: Start.AddHours(1), To: Start.AddHours(3)), Ct);

        Assert.Equal(3, window.Total);
        Assert.All(window.Items, e => Assert.InRange(e.Time, Start.AddHours(1), Start.AddHours(3)));
    }

    [Fact]
    public async Task Filters_combine()
    {
        await RecordTrailAsync();

        var result = await Audit.QueryAsync(new AuditQuery(User: "alice", Action: "configuration", From: Start.AddHours(2)), Ct);

        var only = Assert.Single(result.Items);
        Assert.Equal(("alice", "configuration.restore"), (only.User, only.Action));
    }

    [Fact]
    public async Task Pages_come_newest_first_with_the_total()
    {
        for (var i = 1; i <= 5; i++)
        {
            _node.Clock.Advance(TimeSpan.FromMinutes(1));
            await Audit.RecordAsync(TestActors.Administrator("pager"), "action." + i, cancellationToken: Ct);
        }

        var first = await Audit.QueryAsync(new AuditQuery(User: "pager", Skip: 0, Take: 2), Ct);
        var second = await Audit.QueryAsync(new AuditQuery(User: "pager", Skip: 2, Take: 2), Ct);
        var last = await Audit.QueryAsync(new AuditQuery(User: "pager", Skip: 4, Take: 2), Ct);

        Assert.Equal((5, 0, 2), (first.Total, first.Skip, first.Take));
        Assert.Equal(["action.5", "action.4"], first.Items.Select(e => e.Action));
        Assert.Equal(["action.3", "action.2"], second.Items.Select(e => e.Action));
        Assert.Equal(["action.1"], last.Items.Select(e => e.Action));
    }

    [Fact]
    public async Task A_page_size_out_of_range_is_brought_into_range()
    {
        await RecordTrailAsync();

        var page = await Audit.QueryAsync(new AuditQuery(User: "alice", Skip: -3, Take: 0), Ct);

        Assert.Equal((0, 1), (page.Skip, page.Take));
        Assert.Single(page.Items);
    }

    private async Task RecordTrailAsync()
    {
        // alice and bob, one event per hour from Start.
        (string User, string Action)[] trail =
        [
            ("alice", "login"),
            ("alice", "configuration.save"),
            ("bob", "login.failed"),
            ("bob", "configuration.save"),
            ("alice", "configuration.restore"),
            ("alice", "login.failed"),
        ];
        foreach (var (user, action) in trail)
        {
            await Audit.RecordAsync(TestActors.Administrator(user), action, cancellationToken: Ct);
            _node.Clock.Advance(TimeSpan.FromHours(1));
        }
    }
}
