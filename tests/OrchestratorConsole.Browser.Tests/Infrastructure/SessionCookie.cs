namespace OrchestratorConsole.Browser.Tests.Infrastructure;

/// <summary>The console's sign-in cookie.</summary>
public static class SessionCookie
{
    public const string Name = "OrchestratorConsole";
}
