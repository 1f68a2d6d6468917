namespace OrchestratorConsole.Core.Features.Node;

/// <summary>Another running console holds the node's data directory: each node needs one of its own.</summary>
public sealed class DataDirectoryInUseException(string dataDirectory)
    : InvalidOperationException($"Node:DataDirectory '{dataDirectory}' is in use by another running console: each node needs a data directory of its own.");
