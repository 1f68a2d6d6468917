using System.Net.NetworkInformation;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace OrchestratorConsole.Core.Features.Network;

/// <summary>The addresses the console is told to listen on, and what plain HTTP beyond loopback means for them.</summary>
public static class ListenAddresses
{
    /// <summary>The key that allows plain HTTP beyond loopback.</summary>
    public const string AllowPlainHttpKey = "Network:AllowPlainHttp";

    /// <summary>
    /// The addresses given at start: <c>--urls</c> or <c>ASPNETCORE_URLS</c>, Kestrel's endpoints, <c>http_ports</c> and
    /// <c>https_ports</c>. When there are any they win over the Network tab.
    /// </summary>
    public static IReadOnlyList<string> Configured(IConfiguration configuration)
    {
        var found = new List<string>();
        var urls = configuration["urls"] ?? configuration["ASPNETCORE_URLS"];
        found.AddRange(Split(urls));
        found.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>().Where(u => u.Length > 0));
        found.AddRange(Split(configuration["http_ports"]).Select(p => $"http://*:{p}"));
        found.AddRange(Split(configuration["https_ports"]).Select(p => $"https://*:{p}"));
        return found;
    }

    /// <summary>Where <see cref="Configured"/> addresses come from, for a message; null when none are given.</summary>
    public static string? ConfiguredSource(IConfiguration configuration) =>
        Configured(configuration).Count == 0 ? null
        : !string.IsNullOrEmpty(configuration["urls"] ?? configuration["ASPNETCORE_URLS"]) ? "--urls or ASPNETCORE_URLS"
        : configuration.GetSection("Kestrel:Endpoints").Exists() ? "Kestrel:Endpoints"
        : "http_ports or https_ports";

    public static bool AllowsPlainHttp(IConfiguration configuration) => configuration.GetValue<bool>(AllowPlainHttpKey);

    /// <summary>A plain http:// address that other machines can reach (anything but loopback and pipes).</summary>
    public static bool IsPlainBeyondLoopback(string url)
    {
        // An address Kestrel cannot read is refused with its own message.
        if (TryParse(url) is not { } address
            || !string.Equals(address.Scheme, "http", StringComparison.OrdinalIgnoreCase) || address.IsUnixPipe || address.IsNamedPipe)
        {
            return false;
        }

        var host = address.Host.Trim('[', ']');
        return !string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            && !(IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>The refusal of plain HTTP beyond loopback on <paramref name="addresses"/>, naming the key that would allow it.</summary>
    public static string PlainHttpRefusal(IEnumerable<string> addresses) =>
        $"{AllowPlainHttpKey}: {string.Join(", ", addresses)} would serve plain HTTP beyond loopback, so passwords and configurations would cross the network unencrypted. Listen on https:// (the node serves its own certificate), or set {AllowPlainHttpKey}=true to allow it.";

    /// <summary>A listen address as Kestrel reads it, or null when it cannot.</summary>
    public static BindingAddress? TryParse(string url)
    {
        try
        {
            return BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Every unicast address of this host's network interfaces.</summary>
    public static IEnumerable<IPAddress> HostAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(u => u.Address).Distinct();

    private static IEnumerable<string> Split(string? list) =>
        (list ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
