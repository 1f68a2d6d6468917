namespace OrchestratorConsole.Core.Api;

/// <summary>Endpoint metadata: the endpoint may be called with a JSON body of <paramref name="BodyType"/>, or with none.</summary>
public sealed record OptionalJsonBody(Type BodyType);
