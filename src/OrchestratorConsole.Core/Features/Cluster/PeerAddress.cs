using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>The address of another node an administrator typed, checked: absolute http or https, reduced to its origin.</summary>
public static class PeerAddress
{
    /// <summary>The node's origin, and a warning when the address crosses the network unencrypted.</summary>
    public static (Uri BaseUri, List<string> Warnings) Check(string? nodeUrl)
    {
        TextLimits.Demand("nodeUrl", "The node's address", nodeUrl, TextLimits.Address);
        if (string.IsNullOrWhiteSpace(nodeUrl) || !Uri.TryCreate(nodeUrl.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw ValidationFailedException.For("nodeUrl", "The node's address must be an absolute http or https address, for example https://node1.example.com:8283.");
        }

        var warnings = new List<string>();
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            warnings.Add($"{uri} is neither HTTPS nor loopback: the administrator's password and the configuration crossed the network unencrypted.");
        }

        return (new Uri(uri.GetLeftPart(UriPartial.Authority) + "/"), warnings);
    }
}
