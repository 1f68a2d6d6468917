using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Accounts;

/// <summary>A node with one account of each role.</summary>
public sealed class RoleMatrixConsole : ConsoleFactory, IAsyncLifetime
{
    public string Reviewer { get; private set; } = string.Empty;

    public string Support { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        Reviewer = await CreateAccountAsync("Reviewer", "reviewer");
        Support = await CreateAccountAsync("Support", "support");
    }

    public Task<HttpClient> ClientForAsync(string role) => role switch
    {
        "Administrator" => AdminAsync(),
        "Reviewer" => ClientAsync(Reviewer, UserPassword),
        "Support" => ClientAsync(Support, UserPassword),
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };
}
