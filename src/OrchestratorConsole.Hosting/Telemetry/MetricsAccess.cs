using System.Net;
using Microsoft.Extensions.Options;

namespace OrchestratorConsole.Hosting.Telemetry;

/// <summary>The client addresses an administrator lets scrape <c>/metrics</c> without a token.</summary>
public sealed class MetricsAccess(IOptions<TelemetryOptions> options)
{
    private readonly IReadOnlyList<IPNetwork> _allowed = Parse(options.Value.Metrics.AllowAnonymousFrom, out _);

    public bool Allows(IPAddress? remote)
    {
        if (remote is null)
        {
            return false;
        }

        // A dual-stack socket reports an IPv4 client as ::ffff:a.b.c.d.
        var address = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        return _allowed.Any(n => n.Contains(address));
    }

    /// <summary>Reads the list; <paramref name="invalid"/> holds each entry that is neither an address nor a CIDR range.</summary>
    public static IReadOnlyList<IPNetwork> Parse(IEnumerable<string> entries, out IReadOnlyList<string> invalid)
    {
        var networks = new List<IPNetwork>();
        var bad = new List<string>();
        foreach (var entry in entries.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else
            {
                bad.Add(entry);
            }
        }

        invalid = bad;
        return networks;
    }
}
