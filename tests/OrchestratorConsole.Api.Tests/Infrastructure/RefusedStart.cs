using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Infrastructure;

/// <summary>A start of the console that a bad start-up value must stop: exit code 1 and one line, never a stack trace.</summary>
public static class RefusedStart
{
    /// <summary>Starts the console in <paramref name="workingDirectory"/> with <paramref name="environment"/> and returns the one line it printed.</summary>
    /// <param name="urls">Where the console is told to listen; null: nowhere, so that it listens where its Network tab says.</param>
    public static async Task<string> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, string? urls = "http://127.0.0.1:0")
    {
        var start = DotnetProcess.StartInfo(workingDirectory, typeof(Program).Assembly.Location);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        if (urls is null)
        {
            start.Environment.Remove("ASPNETCORE_URLS");
        }
        else
        {
            start.Environment["ASPNETCORE_URLS"] = urls;
        }

        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");

        var outcome = await DotnetProcess.RunAsync(start, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.True(outcome is not null, $"The console kept running with {string.Join(", ", environment.Keys)}.");
        var errors = outcome.Error.Trim();
        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        Assert.StartsWith("Orchestrator Console did not start:", errors);
        Assert.Single(errors.Split('\n'));
        Assert.DoesNotContain("   at ", errors + outcome.Output);
        return errors;
    }
}
