namespace OrchestratorConsole.Testing;

/// <summary>How a finished process ended: its exit code and what it wrote.</summary>
public sealed record ProcessOutcome(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}
