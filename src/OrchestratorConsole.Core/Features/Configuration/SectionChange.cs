using System.Text.Json.Nodes;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>New values for one section in a multi-section save; a null <paramref name="ExpectedVersion"/> takes the current one.</summary>
public sealed record SectionChange(string Section, JsonObject Values, int? ExpectedVersion);
