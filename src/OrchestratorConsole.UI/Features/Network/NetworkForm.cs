using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.UI.Features.Network;

/// <summary>The Network tab's editable values.</summary>
public sealed class NetworkForm
{
    public string? ListenAddress { get; set; }

    public int? HttpPort { get; set; }

    public int? HttpsPort { get; set; }

    public string? PublicUrl { get; set; }

    public static NetworkForm From(NetworkSettings settings) => new()
    {
        ListenAddress = settings.ListenAddress,
        HttpPort = settings.HttpPort,
        HttpsPort = settings.HttpsPort,
        PublicUrl = settings.PublicUrl,
    };

    public NetworkSettings ToSettings() => new()
    {
        ListenAddress = ListenAddress?.Trim() ?? string.Empty,
        HttpPort = HttpPort,
        HttpsPort = HttpsPort,
        PublicUrl = string.IsNullOrWhiteSpace(PublicUrl) ? null : PublicUrl.Trim(),
    };
}
