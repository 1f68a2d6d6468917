namespace OrchestratorConsole.Hosting;

/// <summary>
/// The console's content root (its static files, and the default data directory beneath it) is the program's own
/// folder, whatever folder it was started from: a service manager starts <c>dotnet /opt/orchestrator/OrchestratorConsole.dll</c>
/// from <c>/</c>. <c>--contentRoot</c> or <c>ASPNETCORE_CONTENTROOT</c> / <c>DOTNET_CONTENTROOT</c> still choose another.
/// </summary>
public static class ContentRoot
{
    /// <summary>The program's folder, or null when the command line or the environment names a content root.</summary>
    public static string? Default(string[] args) =>
        args.Any(NamesContentRoot)
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"))
            ? null
            : AppContext.BaseDirectory;

    private static bool NamesContentRoot(string arg) =>
        arg.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase);
}
