namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>The three roles of the console.</summary>
public static class Roles
{
    public const string Administrator = "Administrator";
    public const string Reviewer = "Reviewer";
    public const string Support = "Support";

    public static readonly IReadOnlyList<string> All = [Administrator, Reviewer, Support];

    /// <summary>Roles allowed to run troubleshooting actions.</summary>
    public const string AdministratorOrSupport = Administrator + "," + Support;
}
