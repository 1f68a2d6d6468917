namespace OrchestratorConsole.Core.Common;

/// <summary>Too many attempts in a short time (429).</summary>
public sealed class TooManyAttemptsException(string detail, TimeSpan retryAfter) : ConsoleException("Too many attempts", detail)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
