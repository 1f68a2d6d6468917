using System.Net;
using System.Net.Sockets;

namespace OrchestratorConsole.Testing;

/// <summary>Ports, and an HTTPS listener beside the plain HTTP one that the test drives the node through.</summary>
public sealed partial class ConsoleNode
{
    private bool _https;
    private bool _anyAddress;
    private string? _alsoListenOn;
    private int? _networkTabPort;

    /// <summary>The node's HTTPS address (e.g. <c>https://127.0.0.1:41235</c>) when started with <see cref="StartWithHttpsAsync"/>.</summary>
    public Uri? HttpsAddress { get; private set; }

    /// <summary>Starts a node that also listens on HTTPS on loopback, serving its own server certificate.</summary>
    public static Task<ConsoleNode> StartWithHttpsAsync(IReadOnlyDictionary<string, string>? settings = null, CancellationToken cancellationToken = default)
    {
        var owned = new TempDirectory();
        return StartAsync(new ConsoleNode(owned.Path, owned, settings ?? new Dictionary<string, string>(), RepositoryPaths.ConsoleHostAssembly) { _https = true }, cancellationToken);
    }

    /// <summary>Starts a node whose plain HTTP listener takes every address (<c>http://0.0.0.0:port</c>), still driven through loopback.</summary>
    public static Task<ConsoleNode> StartOnAnyAddressAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken = default)
    {
        var owned = new TempDirectory();
        return StartAsync(new ConsoleNode(owned.Path, owned, settings, RepositoryPaths.ConsoleHostAssembly) { _anyAddress = true }, cancellationToken);
    }

    /// <summary>Starts a node that also listens on <paramref name="urls"/> (e.g. <c>https://0.0.0.0:41236</c>), driven through its loopback address.</summary>
    public static Task<ConsoleNode> StartAlsoListeningOnAsync(string urls, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken = default)
    {
        var owned = new TempDirectory();
        return StartAsync(new ConsoleNode(owned.Path, owned, settings, RepositoryPaths.ConsoleHostAssembly) { _alsoListenOn = urls }, cancellationToken);
    }

    /// <summary>
    /// Starts a node without <c>--urls</c>, so that it listens where its Network tab says; <paramref name="httpPort"/>
    /// is the loopback HTTP port those settings give, which the test drives it through.
    /// </summary>
    public static Task<ConsoleNode> StartFromNetworkTabAsync(string dataDirectory, int httpPort, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken = default) =>
        StartAsync(new ConsoleNode(dataDirectory, null, settings, RepositoryPaths.ConsoleHostAssembly) { _networkTabPort = httpPort }, cancellationToken);

    /// <summary>A free loopback port (free when asked; a caller retries if another process takes it first).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string ListenUrls(int port)
    {
        var plain = $"http://{(_anyAddress ? "0.0.0.0" : "127.0.0.1")}:{port}";
        if (_alsoListenOn is not null)
        {
            return $"{plain};{_alsoListenOn}";
        }

        if (!_https)
        {
            return plain;
        }

        HttpsAddress = new Uri($"https://127.0.0.1:{FreePort()}");
        return $"{plain};{HttpsAddress.ToString().TrimEnd('/')}";
    }
}
