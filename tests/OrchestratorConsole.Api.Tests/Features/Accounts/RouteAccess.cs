namespace OrchestratorConsole.Api.Tests.Features.Accounts;

/// <summary>Who may call a route: the role column of API.md.</summary>
public enum RouteAccess
{
    /// <summary>Anyone, with a token or without: getting a token, changing one's own password.</summary>
    Anonymous,

    /// <summary>Every signed-in role: the reads.</summary>
    EveryRole,

    /// <summary>Administrator and Support: the troubleshooting actions.</summary>
    Troubleshooting,

    /// <summary>Administrator only: every change, and the reads API.md keeps for administrators.</summary>
    Administrator,
}
