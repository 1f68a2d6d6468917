using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OrchestratorConsole.Core.Options;

namespace OrchestratorConsole.Core.Features.Node;

/// <summary>The address other nodes and people use to reach this console.</summary>
public sealed class NodeAddress(IOptions<NodeOptions> options, IServer? listener = null)
{
    /// <summary><c>Node:PublicUrl</c>, else the first address the console listens on.</summary>
    public string PublicUrl =>
        options.Value.PublicUrl?.TrimEnd('/')
        ?? listener?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/')
        ?? "http://127.0.0.1:8283";

    /// <summary>The HTTPS address of this console: <c>Node:PublicUrl</c> when it is one, else the first HTTPS address it listens on; null when it serves none.</summary>
    public Uri? HttpsUrl =>
        new[] { options.Value.PublicUrl }
            .Concat(listener?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            .Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) ? uri : null)
            .FirstOrDefault(u => u?.Scheme == Uri.UriSchemeHttps);
}
