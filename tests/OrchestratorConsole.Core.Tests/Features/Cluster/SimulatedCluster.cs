using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Server;

namespace OrchestratorConsole.Core.Tests.Features.Cluster;

/// <summary>
/// Cluster members on one simulated clock, each beating on its own fixed period as the server's loop does, with the
/// roles looked at after every few simulated milliseconds: every look counts the Actives (never two) and the time
/// without one. A killed or suspended member does not beat and is not looked at (it answers nothing).
/// </summary>
internal sealed class SimulatedCluster
{
    private readonly List<Member> _members = [];
    private DateTimeOffset? _withoutActiveSince;
    private bool _activeSeen;

    public SimulatedCluster()
    {
        Store = new SimulatedClusterStore(Time, Observe);
    }

    public FakeTimeProvider Time { get; } = new();

    public SimulatedClusterStore Store { get; }

    /// <summary>Every moment two members answered Active at once.</summary>
    public List<string> DoubleActives { get; } = [];

    /// <summary>Each stretch of time without any Active since the first Active was seen, as it ended.</summary>
    public List<TimeSpan> Gaps { get; } = [];

    public int Looks { get; private set; }

    public TimeSpan LongestGap => Gaps.Count == 0 ? TimeSpan.Zero : Gaps.Max();

    /// <summary>Registers a member and starts it as the server does: a first round at once, then one every interval.</summary>
    public Member Start(string name, ClusterSettings settings)
    {
        var nodeId = Guid.NewGuid();
        var nonce = Guid.NewGuid();
        var announcement = new NodeAnnouncement(nodeId, nonce, name, $"http://{name}.test", "1.0.0", "fp", "fp", null, null, null);
        Store.RegisterAsync(announcement, settings.FailoverTimeout, null, CancellationToken.None).GetAwaiter().GetResult();
        var lease = new LeaseClock(Time);
        var listener = new Listener();
        var member = new Member(name, nodeId, settings, lease, listener, new ClusterMember(Store, settings, nodeId, nonce, (role, _) => Task.FromResult(announcement with { Role = role }), lease, listener, Time, NullLogger.Instance));
        _members.Add(member);
        Beat(member);
        member.NextTick = Time.GetUtcNow() + member.Interval;
        return member;
    }

    /// <summary>Lets <paramref name="duration"/> of simulated time pass, every live member beating when its period comes.</summary>
    public void Run(TimeSpan duration)
    {
        var end = Time.GetUtcNow() + duration;
        while (true)
        {
            var next = _members.Where(m => m.Beating).OrderBy(m => m.NextTick).FirstOrDefault();
            if (next is null || next.NextTick > end)
            {
                Store.Pass(end - Time.GetUtcNow());
                return;
            }

            Store.Pass(next.NextTick - Time.GetUtcNow());
            Beat(next);
            // A periodic timer skips the ticks a long round missed.
            while (next.NextTick <= Time.GetUtcNow())
            {
                next.NextTick += next.Interval;
            }
        }
    }

    /// <summary>Runs until <paramref name="condition"/> holds, at most <paramref name="limit"/>; returns how long it took.</summary>
    public TimeSpan RunUntil(Func<bool> condition, TimeSpan limit)
    {
        var start = Time.GetUtcNow();
        var step = TimeSpan.FromMilliseconds(50);
        while (!condition() && Time.GetUtcNow() - start < limit)
        {
            Run(step);
        }

        return Time.GetUtcNow() - start;
    }

    /// <summary>The members answering Active now.</summary>
    public List<Member> Actives() => _members.Where(m => m.Answering && m.Role == ServerRole.Active).ToList();

    private static void Beat(Member member)
    {
        var round = member.Cluster.BeatAsync(CancellationToken.None);
        Assert.True(round.IsCompleted, "a round on the simulated store completes without real waiting");
        round.GetAwaiter().GetResult();
    }

    private void Observe()
    {
        Looks++;
        var actives = Actives();
        if (actives.Count > 1)
        {
            DoubleActives.Add($"{Time.GetUtcNow():HH:mm:ss.fff}: {string.Join(", ", actives.Select(a => a.Name))}");
        }

        var now = Time.GetUtcNow();
        if (actives.Count > 0)
        {
            _activeSeen = true;
            if (_withoutActiveSince is { } since)
            {
                Gaps.Add(now - since);
                _withoutActiveSince = null;
            }
        }
        else if (_activeSeen && _withoutActiveSince is null)
        {
            _withoutActiveSince = now;
        }
    }

    internal sealed class Member(string name, Guid nodeId, ClusterSettings settings, LeaseClock lease, Listener listener, ClusterMember cluster)
    {
        public string Name { get; } = name;

        public Guid NodeId { get; } = nodeId;

        public ClusterSettings Settings { get; } = settings;

        public LeaseClock Lease { get; } = lease;

        public Listener Listener { get; } = listener;

        public ClusterMember Cluster { get; } = cluster;

        public TimeSpan Interval => TimeSpan.FromMilliseconds(Settings.HeartbeatIntervalMs);

        public DateTimeOffset NextTick { get; set; }

        public ServerRole Role => Cluster.Role;

        /// <summary>Killed (kill -9): no more rounds, no answers.</summary>
        public bool Killed { get; set; }

        /// <summary>Suspended (SIGSTOP, a suspended machine): no rounds, no answers, until resumed.</summary>
        public bool Suspended { get; set; }

        public bool Beating => !Killed && !Suspended;

        public bool Answering => !Killed && !Suspended;
    }

    internal sealed class Listener : IClusterMemberListener
    {
        public string? Problem { get; private set; }

        public int TakeOvers { get; private set; }

        public void DatabaseReachable(string? reason) => Problem = reason;

        public void IdentityLost()
        {
        }

        public Task TookOverAsync(LeaseGrant grant, Guid previousHolder)
        {
            TakeOvers++;
            return Task.CompletedTask;
        }

        public Task NodesFailedAsync(IReadOnlyList<FailedNode> nodes, LeaseGrant grant) => Task.CompletedTask;
    }
}
