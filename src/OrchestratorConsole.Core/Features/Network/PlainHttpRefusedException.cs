namespace OrchestratorConsole.Core.Features.Network;

/// <summary>Plain HTTP beyond loopback without <c>Network:AllowPlainHttp</c>: the start is refused.</summary>
public sealed class PlainHttpRefusedException(string message) : Exception(message);
