namespace OrchestratorConsole.Core.Features.Trust;

/// <summary>A certificate to trust: the one an address presents, or one given as PEM.</summary>
public sealed record TrustRequest(string? Url, string? Pem);
