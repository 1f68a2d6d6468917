namespace OrchestratorConsole.Browser.Tests.Infrastructure;

/// <summary>A node started without <c>Accounts:InitialAdminPassword</c>: vmware/vmware, to be changed at first login.</summary>
public sealed class FirstStartFixture : ConsoleFixture
{
    protected override IReadOnlyDictionary<string, string> NodeSettings => new Dictionary<string, string>();
}
