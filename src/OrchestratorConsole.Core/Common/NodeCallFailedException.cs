namespace OrchestratorConsole.Core.Common;

/// <summary>Another node of the cluster could not be reached, or answered with an error of its own (502): the message names the node and why.</summary>
public sealed class NodeCallFailedException(string detail) : ConsoleException("Node did not act", detail);
