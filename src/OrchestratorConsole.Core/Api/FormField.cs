namespace OrchestratorConsole.Core.Api;

/// <summary>A plain field of a <see cref="MultipartFormBody"/>.</summary>
public sealed record FormField(string Name, FormFieldType Type);
