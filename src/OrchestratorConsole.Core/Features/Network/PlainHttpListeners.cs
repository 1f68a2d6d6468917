using System.Collections.Immutable;

namespace OrchestratorConsole.Core.Features.Network;

/// <summary>
/// The plain HTTP addresses beyond loopback this console listens on, allowed by <c>Network:AllowPlainHttp</c>; every
/// page names them in a warning. Empty when there are none (the usual case: such a start is refused otherwise).
/// </summary>
public sealed class PlainHttpListeners(IEnumerable<string> addresses)
{
    private ImmutableArray<string> _addresses = [.. addresses];

    public PlainHttpListeners()
        : this([])
    {
    }

    public IReadOnlyList<string> Addresses => _addresses;

    public string Warning => $"This console serves plain HTTP on {string.Join(", ", Addresses)} ({ListenAddresses.AllowPlainHttpKey}): passwords and configurations cross the network unencrypted. Listen on https:// instead.";

    /// <summary>Adds the addresses the Network tab's settings open at start.</summary>
    public void Add(IEnumerable<string> more) => ImmutableInterlocked.Update(ref _addresses, a => a.AddRange(more.Except(a)));
}
