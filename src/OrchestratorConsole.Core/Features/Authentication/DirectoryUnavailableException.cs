using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.Authentication;

/// <summary>No directory server answered (503): directory accounts cannot sign in now, local ones still can.</summary>
public sealed class DirectoryUnavailableException(string detail) : ConsoleException("Directory not reachable", detail);
