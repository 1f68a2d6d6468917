using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrchestratorConsole.Core.Options;

namespace OrchestratorConsole.Core.Features.Node;

/// <summary>The node's folders: everything it keeps lives under <see cref="DataDirectory"/>.</summary>
public sealed class NodePaths(IOptions<NodeOptions> options, IHostEnvironment environment)
{
    public string DataDirectory { get; } = Path.GetFullPath(options.Value.DataDirectory, environment.ContentRootPath);

    public string SettingsStoreFile => Path.Combine(DataDirectory, "node-settings.db");

    public string EmbeddedDatabaseFile => Path.Combine(DataDirectory, "orchestrator.db");

    public string KeysDirectory => Path.Combine(DataDirectory, "keys");

    public string LogsDirectory => Path.Combine(DataDirectory, "logs");

    public string PluginsDirectory => Path.Combine(DataDirectory, "plugins");

    /// <summary>Creates <paramref name="path"/> readable by this account only (the key ring, logs and settings hold secrets).</summary>
    public static void EnsurePrivateDirectory(string path)
    {
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
