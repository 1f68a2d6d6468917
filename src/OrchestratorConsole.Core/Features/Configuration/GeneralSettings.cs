using System.Net;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>The node's identity: name and description.</summary>
public sealed record GeneralSettings : ISectionSettings
{
    public string Name { get; init; } = DefaultName();

    public string? Description { get; init; }

    public IEnumerable<FieldError> Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return new("name", "The node name is required.");
        }
        else if (Name.Length > 128)
        {
            yield return new("name", "The node name is at most 128 characters.");
        }

        if (Description?.Length > 1024)
        {
            yield return new("description", "The description is at most 1024 characters.");
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
