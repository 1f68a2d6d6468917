using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OrchestratorConsole.Core.Features.Network;
using OrchestratorConsole.Core.Options;

namespace OrchestratorConsole.Core.Features.Node;

/// <summary>The address other nodes and people use to reach this console.</summary>
public sealed class NodeAddress(IOptions<NodeOptions> options, NetworkListening network, IServer? listener = null)
{
    /// <summary><c>Node:PublicUrl</c>, else the Network tab's public URL, else the first address the console listens on.</summary>
    public string PublicUrl =>
        options.Value.PublicUrl?.TrimEnd('/')
        ?? network.AppliedPublicUrl
        ?? ListenUrls.FirstOrDefault()?.TrimEnd('/')
        ?? "http://127.0.0.1:8283";

    /// <summary>The HTTPS address of this console: the public URL when it is one, else the first HTTPS address it listens on; null when it serves none.</summary>
    public Uri? HttpsUrl =>
        new[] { options.Value.PublicUrl ?? network.AppliedPublicUrl }
            .Concat(ListenUrls)
            .Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) ? uri : null)
            .FirstOrDefault(u => u?.Scheme == Uri.UriSchemeHttps);

    /// <summary>
    /// What a certificate the node makes for itself names besides its host name: the public URL's host and every
    /// listen address (an "any" address stands for each address of this host).
    /// </summary>
    public IReadOnlyList<string> CertificateNames =>
        [.. new[] { PublicUrl }.Concat(ListenUrls).SelectMany(HostsOf).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The addresses the console listens on; while it starts, the ones it was told to listen on.</summary>
    public IReadOnlyList<string> ListenUrls =>
        listener?.Features.Get<IServerAddressesFeature>()?.Addresses is { Count: > 0 } addresses ? [.. addresses] : network.OverridingAddresses;

    private static IEnumerable<string> HostsOf(string url)
    {
        if (ListenAddresses.TryParse(url) is not { } address)
        {
            return [];
        }

        var host = address.Host.Trim('[', ']');
        var any = host is "*" or "+" || (IPAddress.TryParse(host, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));
        return any
            ? ListenAddresses.HostAddresses().Where(a => !a.IsIPv6LinkLocal).Select(a => a.ToString())
            : [host];
    }
}
