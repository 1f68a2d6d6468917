using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Network;

/// <summary>
/// Refuses at save what would stop the next start: an address this host lacks, a port another program holds, plain
/// HTTP beyond loopback without <c>Network:AllowPlainHttp</c>.
/// </summary>
public sealed class NetworkSaveCheck(IConfiguration configuration, IServer? server = null) : ISectionSaveCheck
{
    public string Section => ConfigurationRegistry.Network;

    public IEnumerable<FieldError> Check(JsonObject values)
    {
        var network = (NetworkSettings)ConfigurationRegistry.For<NetworkSettings>().ToSettings(values);
        if (network.Address is not { } address)
        {
            // The section's own rule names it.
            return [];
        }

        if (!IsOnThisHost(address))
        {
            return [new("listenAddress", $"This host has no address {address}. Its addresses: {string.Join(", ", ListenAddresses.HostAddresses().Select(a => a.ToString()).Order(StringComparer.Ordinal))}; or 0.0.0.0 for all of them.")];
        }

        var errors = new List<FieldError>();
        var plain = network.Urls.Where(ListenAddresses.IsPlainBeyondLoopback).ToList();
        if (plain.Count > 0 && !ListenAddresses.AllowsPlainHttp(configuration))
        {
            errors.Add(new("httpPort", $"Plain HTTP on {address} is refused beyond loopback: passwords and configurations would cross the network unencrypted. Turn HTTP off and use the HTTPS port, listen on 127.0.0.1, or start the console with {ListenAddresses.AllowPlainHttpKey}=true."));
        }

        foreach (var (field, port) in new[] { ("httpsPort", network.HttpsPort), ("httpPort", network.HttpPort) })
        {
            if (port is { } p && !ListensOn(p) && InUse(address, p) is { } problem)
            {
                errors.Add(new(field, problem));
            }
        }

        return errors;
    }

    private static bool IsOnThisHost(IPAddress address) =>
        address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || IPAddress.IsLoopback(address) || ListenAddresses.HostAddresses().Contains(address);

    /// <summary>True when this console listens on <paramref name="port"/> now: it frees the port as it restarts.</summary>
    private bool ListensOn(int port) =>
        (server?.Features.Get<IServerAddressesFeature>()?.Addresses ?? []).Any(a => TryPort(a) == port);

    private static int? TryPort(string url) => ListenAddresses.TryParse(url)?.Port;

    /// <summary>Why <paramref name="port"/> cannot be listened on at <paramref name="address"/>, or null when it can.</summary>
    private static string? InUse(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            return null;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return $"Port {port} on {address} is already in use by another program. Choose another port, or stop that program first.";
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AccessDenied)
        {
            return $"Port {port} on {address} needs privileges this console does not have. Choose a port above 1023.";
        }
        catch (SocketException ex)
        {
            return $"Port {port} on {address} cannot be listened on: {ex.Message}";
        }
    }
}
