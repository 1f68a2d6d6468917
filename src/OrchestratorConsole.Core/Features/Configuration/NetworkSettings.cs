using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text.Json.Serialization;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>
/// Where the console listens (the Network tab): read at the console's start, and only when neither <c>--urls</c> nor
/// <c>ASPNETCORE_URLS</c> (nor Kestrel endpoints) say otherwise. Identity: each node its own.
/// </summary>
public sealed record NetworkSettings : ISectionSettings
{
    /// <summary>vCO's port.</summary>
    public const int DefaultPort = 8283;

    [Display(Name = "Listen address"), StringLength(45)]
    public string ListenAddress { get; init; } = "127.0.0.1";

    [Display(Name = "HTTP port"), Range(1, 65535)]
    public int? HttpPort { get; init; } = DefaultPort;

    [Display(Name = "HTTPS port"), Range(1, 65535)]
    public int? HttpsPort { get; init; }

    [Display(Name = "Public URL"), StringLength(2048)]
    public string? PublicUrl { get; init; }

    /// <summary>The listen address as an IP address, or null when it is not one.</summary>
    [JsonIgnore]
    public IPAddress? Address => IPAddress.TryParse(ListenAddress?.Trim(), out var address) ? address : null;

    /// <summary>The addresses the console listens on with these settings, HTTPS first.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Urls
    {
        get
        {
            var host = Address is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } v6 ? $"[{v6}]" : Address?.ToString() ?? ListenAddress;
            return [.. new[] { (Uri.UriSchemeHttps, HttpsPort), (Uri.UriSchemeHttp, HttpPort) }
                .Where(p => p.Item2 is not null)
                .Select(p => $"{p.Item1}://{host}:{p.Item2}")];
        }
    }

    public IEnumerable<FieldError> Validate()
    {
        if (Address is null)
        {
            yield return new("listenAddress", $"'{ListenAddress}' is not an IP address. Use 0.0.0.0 for every IPv4 address of this host, :: for every address, or 127.0.0.1 for this machine only.");
        }

        if (HttpPort is null && HttpsPort is null)
        {
            yield return new("httpsPort", "Give an HTTPS port, an HTTP port or both: with neither the console would not listen at all.");
        }
        else if (HttpPort == HttpsPort)
        {
            yield return new("httpsPort", $"HTTP and HTTPS cannot share port {HttpsPort}.");
        }

        if (!string.IsNullOrWhiteSpace(PublicUrl)
            && (!Uri.TryCreate(PublicUrl.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new("publicUrl", $"'{PublicUrl}' is not an absolute http or https address.");
        }
    }
}
