using System.Text.Json.Nodes;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>A section's live values with secrets in clear (inside the node only), their version and when they were saved.</summary>
public sealed record SectionValues(SectionDefinition Section, JsonObject Values, int Version, DateTimeOffset SavedAt, string SavedBy);
