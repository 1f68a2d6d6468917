using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.Core.Features.KeyRing;

/// <summary>
/// The key ring's folder, <c>&lt;data&gt;/keys</c>: prepared once, before the first key is read or written, so that only
/// this account may open it (mode 0700 on Linux).
/// </summary>
public sealed class KeyRingFolder
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly Lazy<UnixFileMode?> _replacedMode;

    public KeyRingFolder(NodePaths paths)
    {
        Path = paths.KeysDirectory;
        _replacedMode = new Lazy<UnixFileMode?>(() => MakePrivate(paths.DataDirectory, Path));
    }

    public string Path { get; }

    /// <summary>The mode the folder had before it was made owner-only, or null when it already was (or is new, or on Windows).</summary>
    public UnixFileMode? ReplacedMode => _replacedMode.Value;

    /// <summary>Creates the folder owner-only, or makes it so; returns its path.</summary>
    public string Prepare()
    {
        _ = _replacedMode.Value;
        return Path;
    }

    /// <summary>The XML files in the folder (none when it does not exist yet), in name order.</summary>
    public IReadOnlyList<string> Files() =>
        Directory.Exists(Path) ? [.. Directory.EnumerateFiles(Path, "*.xml").Order(StringComparer.Ordinal)] : [];

    /// <summary>An owner-only mode in the octal form an administrator reads (0700).</summary>
    public static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    private static UnixFileMode? MakePrivate(string dataDirectory, string path)
    {
        NodePaths.EnsurePrivateDirectory(dataDirectory);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return null;
        }

        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, OwnerOnly);
            return null;
        }

        var before = File.GetUnixFileMode(path);
        if (before == OwnerOnly)
        {
            return null;
        }

        File.SetUnixFileMode(path, OwnerOnly);
        return before;
    }
}
