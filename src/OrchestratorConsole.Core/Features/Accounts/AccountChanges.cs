namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>
/// A counter that every committed write to an account moves on (password, role, lockout, unlock, deletion), and every
/// revocation or sign-out of a session or token: what was concluded about an account or a session before the counter
/// moved may no longer hold.
/// </summary>
public sealed class AccountChanges
{
    private long _generation;

    public long Generation => Interlocked.Read(ref _generation);

    public void Changed() => Interlocked.Increment(ref _generation);
}
