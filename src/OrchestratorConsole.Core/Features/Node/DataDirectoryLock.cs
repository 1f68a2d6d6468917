namespace OrchestratorConsole.Core.Features.Node;

/// <summary>The lock file that keeps a second process (a console or a local command) off a node's data directory.</summary>
public static class DataDirectoryLock
{
    /// <summary>Holds <c>node.lock</c> until the stream is disposed; throws <see cref="DataDirectoryInUseException"/> when another process holds it.</summary>
    public static FileStream Acquire(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "node.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new DataDirectoryInUseException(dataDirectory);
        }
    }
}
