namespace OrchestratorConsole.Core.Features.Node;

/// <summary>
/// The plain HTTP addresses beyond loopback this console listens on, allowed by <c>Network:AllowPlainHttp</c>; every
/// page names them in a warning. Empty when there are none (the usual case: such a start is refused otherwise).
/// </summary>
public sealed record PlainHttpListeners(IReadOnlyList<string> Addresses)
{
    public static PlainHttpListeners None { get; } = new([]);

    public string Warning => $"This console serves plain HTTP on {string.Join(", ", Addresses)} (Network:AllowPlainHttp): passwords and configurations cross the network unencrypted. Listen on https:// instead.";
}
