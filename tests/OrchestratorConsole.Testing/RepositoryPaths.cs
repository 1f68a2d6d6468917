using System.Reflection;

namespace OrchestratorConsole.Testing;

/// <summary>Where the repository and the console's build output are, found from the test assembly's folder.</summary>
public static class RepositoryPaths
{
    private const string SolutionFile = "OrchestratorConsole.sln";

    /// <summary>The folder holding the solution file.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration of this test assembly (Debug or Release); the console is built with the same.</summary>
    public static string Configuration { get; } =
        typeof(RepositoryPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration
            ? configuration
            : "Debug";

    /// <summary>The built console host, <c>bin/&lt;Configuration&gt;/net10.0/OrchestratorConsole.dll</c> under the root.</summary>
    public static string ConsoleHostAssembly
    {
        get
        {
            var path = Path.Combine(Root, "bin", Configuration, "net10.0", "OrchestratorConsole.dll");
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"The console host was not built at {path}: build OrchestratorConsole.sln with -c {Configuration} first.");
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory}.");
    }
}
