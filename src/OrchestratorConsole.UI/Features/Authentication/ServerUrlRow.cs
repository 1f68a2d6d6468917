namespace OrchestratorConsole.UI.Features.Authentication;

/// <summary>One directory server's URL as typed.</summary>
public sealed class ServerUrlRow
{
    public string? Url { get; set; }
}
