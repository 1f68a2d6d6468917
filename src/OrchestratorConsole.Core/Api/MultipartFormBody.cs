namespace OrchestratorConsole.Core.Api;

/// <summary>Endpoint metadata: the endpoint takes a multipart form with the file field <paramref name="FileField"/> and optional plain <paramref name="Fields"/>.</summary>
public sealed record MultipartFormBody(string FileField, IReadOnlyList<FormField> Fields);
