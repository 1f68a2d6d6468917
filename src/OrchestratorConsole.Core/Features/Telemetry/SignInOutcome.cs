namespace OrchestratorConsole.Core.Features.Telemetry;

/// <summary>How a sign-in with a user name and password ended.</summary>
public enum SignInOutcome
{
    Success,
    Failure,
    LockedOut,
}
