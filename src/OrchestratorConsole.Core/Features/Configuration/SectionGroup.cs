namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>Sections that the node's state shows as one row, for example every installed plug-in's settings.</summary>
public sealed record SectionGroup(string Name, string Title);
