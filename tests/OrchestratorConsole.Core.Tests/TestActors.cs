using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;

namespace OrchestratorConsole.Core.Tests;

/// <summary>People acting on a test node.</summary>
public static class TestActors
{
    public static Actor Administrator(string name = "alice") => new(name, new HashSet<string> { Roles.Administrator }, "192.0.2.10");

    public static Actor Reviewer(string name = "rita") => new(name, new HashSet<string> { Roles.Reviewer }, "192.0.2.11");

    public static Actor Support(string name = "sam") => new(name, new HashSet<string> { Roles.Support }, "192.0.2.12");
}
