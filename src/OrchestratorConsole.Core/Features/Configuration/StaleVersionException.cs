using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>A save refused because its section was saved since the version it started from (409, "Someone saved first").</summary>
public sealed class StaleVersionException(string detail) : ConflictException(detail, "Someone saved first");
