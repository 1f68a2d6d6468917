namespace OrchestratorConsole.Core.Features.KeyRing;

/// <summary>What a restore did: files added to the key ring, and files it already held (kept as they were).</summary>
public sealed record KeyRingRestoreResult(int Added, int AlreadyPresent, string Folder);
