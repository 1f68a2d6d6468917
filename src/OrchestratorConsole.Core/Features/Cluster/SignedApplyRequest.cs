using OrchestratorConsole.Core.Features.ConfigurationTransfer;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>The body of a signed configuration push.</summary>
public sealed record SignedApplyRequest(string File, string Nonce);
