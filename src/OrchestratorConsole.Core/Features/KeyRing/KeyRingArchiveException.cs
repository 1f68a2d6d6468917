using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.KeyRing;

/// <summary>A key ring backup that cannot be written or restored (wrong password, altered file, empty key ring); nothing was changed.</summary>
public sealed class KeyRingArchiveException(string message) : ConsoleException("Key ring backup refused", message);
