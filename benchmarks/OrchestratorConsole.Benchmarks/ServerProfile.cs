using System.Diagnostics;

namespace OrchestratorConsole.Benchmarks;

/// <summary>
/// Profiles of the servers under load, taken when <c>ORCHESTRATOR_BENCH_PROFILE</c> names a folder: a CPU sample trace
/// (<c>dotnet-trace</c>, its top frames by exclusive and inclusive time written beside it) of each measured endpoint, and
/// a heap dump (<c>dotnet-gcdump</c>, after a full collection, its report of types by size beside it) before and after
/// the circuits are opened. The tools are the .NET diagnostics global tools; without the variable nothing is taken, and a
/// profile's own cost stays out of the figures the run reports only as far as the sampler allows.
/// </summary>
internal static class ServerProfile
{
    private static readonly string? Folder = Environment.GetEnvironmentVariable("ORCHESTRATOR_BENCH_PROFILE") is { Length: > 0 } folder
        ? Directory.CreateDirectory(folder).FullName
        : null;

    private static string Tool(string name) =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", name);

    /// <summary>Starts a CPU trace of <paramref name="seconds"/> of the process; awaiting the result waits for its reports.</summary>
    public static Task TraceAsync(int processId, string name, int seconds)
    {
        if (Folder is null)
        {
            return Task.CompletedTask;
        }

        var trace = Path.Combine(Folder, $"{name}.nettrace");
        return Task.Run(async () =>
        {
            await RunAsync(Tool("dotnet-trace"), ["collect", "-p", $"{processId}", "--profile", "dotnet-sampled-thread-time", "-o", trace, "--duration", $"00:00:00:{seconds:D2}"], null);
            await RunAsync(Tool("dotnet-trace"), ["report", trace, "topN", "-n", "40"], Path.Combine(Folder, $"{name}.exclusive.txt"));
            await RunAsync(Tool("dotnet-trace"), ["report", trace, "topN", "-n", "60", "--inclusive"], Path.Combine(Folder, $"{name}.inclusive.txt"));
        });
    }

    /// <summary>A heap dump of the process and its report of the types that hold the most.</summary>
    public static async Task HeapAsync(int processId, string name)
    {
        if (Folder is null)
        {
            return;
        }

        var dump = Path.Combine(Folder, $"{name}.gcdump");
        await RunAsync(Tool("dotnet-gcdump"), ["collect", "-p", $"{processId}", "-o", dump], null);
        await RunAsync(Tool("dotnet-gcdump"), ["report", dump], Path.Combine(Folder, $"{name}.heap.txt"));
    }

    private static async Task RunAsync(string tool, string[] arguments, string? output)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var text = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, await text + await errors);
        }
    }
}
