namespace OrchestratorConsole.Hosting.Cli;

/// <summary>A failure the command line reports with its exit code: 1 refused or invalid, 3 unreachable or not signed in.</summary>
public sealed class CommandFailedException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
