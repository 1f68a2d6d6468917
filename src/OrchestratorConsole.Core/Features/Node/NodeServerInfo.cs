using OrchestratorConsole.Core.Features.Server;

namespace OrchestratorConsole.Core.Features.Node;

/// <summary>The server's state and role as <see cref="NodeInfo"/> shows them.</summary>
public sealed record NodeServerInfo(ServerState State, ServerRole? Role);
