namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>A field's rule failure, named by its JSON field name.</summary>
public sealed record FieldError(string Field, string Message);
