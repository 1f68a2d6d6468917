namespace OrchestratorConsole.Core.Features.KeyRing;

/// <summary>The key ring's certificate cannot be used; the message names the <c>DataProtection:Certificate</c> key to fix.</summary>
public sealed class KeyRingCertificateException(string message) : InvalidOperationException(message);
