using System.Diagnostics;

namespace OrchestratorConsole.Testing;

/// <summary>Runs <c>dotnet</c> (the test host's own when it names one) as a child process of the test.</summary>
public static class DotnetProcess
{
    /// <summary>The dotnet executable: <c>DOTNET_HOST_PATH</c> when it exists, else <c>dotnet</c> from the PATH.</summary>
    public static string Host =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    /// <summary>A start of <c>dotnet <paramref name="arguments"/></c> in <paramref name="workingDirectory"/> with its output captured.</summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, params IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Runs <paramref name="start"/> to its end; null when it did not end within <paramref name="timeout"/> (it is then killed, with its children).</summary>
    public static async Task<ProcessOutcome?> RunAsync(ProcessStartInfo start, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return null;
        }

        return new ProcessOutcome(process.ExitCode, await output, await error);
    }
}
