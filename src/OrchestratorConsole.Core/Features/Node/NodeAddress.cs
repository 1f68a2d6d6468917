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
}
