namespace OrchestratorConsole.Core.Features.Server;

/// <summary>Role of a running server in its cluster.</summary>
public enum ServerRole
{
    Active,
    Standby,
}
