using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Infrastructure;

/// <summary>Runs the console's command line as an operator runs it: <c>dotnet OrchestratorConsole.dll &lt;verb&gt; ...</c>.</summary>
public static class CommandLine
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(180);

    /// <summary>Runs one command to its end; <paramref name="environment"/> adds variables (e.g. <c>DataProtection__Certificate__Path</c>).</summary>
    public static async Task<ProcessOutcome> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var host = RepositoryPaths.ConsoleHostAssembly;
        var start = DotnetProcess.StartInfo(Path.GetDirectoryName(host)!, [host, .. args]);
        start.Environment.Remove("ORCHESTRATOR_USER");
        start.Environment.Remove("ORCHESTRATOR_PASSWORD");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return await DotnetProcess.RunAsync(start, CommandTimeout, TestContext.Current.CancellationToken)
            ?? throw new TimeoutException($"'{string.Join(' ', args)}' did not finish within {CommandTimeout.TotalSeconds} s.");
    }
}
