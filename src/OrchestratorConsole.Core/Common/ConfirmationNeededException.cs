namespace OrchestratorConsole.Core.Common;

/// <summary>The action goes ahead only once the caller confirms it, e.g. installing the same or an older plug-in version again (409).</summary>
public sealed class ConfirmationNeededException(string detail) : ConflictException(detail, "Confirmation needed");
