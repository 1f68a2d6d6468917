namespace OrchestratorConsole.Core.Features.Authentication;

/// <summary>A directory server answered and refused (the bind account, a search base): a setting to fix, not an outage.</summary>
public sealed class DirectoryRefusedException(string server, string detail) : Common.ConsoleException("Directory refused", detail)
{
    public string Server { get; } = server;
}
