using System.ComponentModel.DataAnnotations;
using System.Net;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>The node's identity: name and description.</summary>
public sealed record GeneralSettings : ISectionSettings
{
    [Display(Name = "Node name"), StringLength(128)]
    public string Name { get; init; } = DefaultName();

    [Display(Name = "Description"), StringLength(1024)]
    public string? Description { get; init; }

    public IEnumerable<FieldError> Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return new("name", "The node name is required.");
        }
    }

    private static string DefaultName()
    {
        try
        {
            return Dns.GetHostName();
        }
        catch (System.Net.Sockets.SocketException)
        {
            return Environment.MachineName;
        }
    }
}
