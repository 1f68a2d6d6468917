using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.Accounts;

/// <summary>A node of its own for each accounts test, on the settings store the derived class names, with a fake clock.</summary>
public abstract class AccountsTest(NodeStore store) : IAsyncLifetime
{
    protected const string CarolPassword = "C4rol!Password";
    protected const string Address = "198.51.100.7";

    private NodeHost? _node;

    protected NodeHost Node => _node ?? throw new InvalidOperationException("The node is not started.");

    protected AccountService Accounts => Node.Get<AccountService>();

    protected SignInService SignIn => Node.Get<SignInService>();

    protected ApiTokenService Tokens => Node.Get<ApiTokenService>();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _node = await StartNodeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    protected async Task<NodeHost> StartNodeAsync(IReadOnlyDictionary<string, string?>? settings = null) =>
        await NodeHost.StartAsync(
            new NodeHostOptions
            {
                Store = store,
                Time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds())),
                Settings = settings ?? new Dictionary<string, string?>(),
            },
            Ct);

    /// <summary>Creates carol in <paramref name="role"/> and makes her first password change to <see cref="CarolPassword"/>.</summary>
    protected Task<AccountSummary> CreateCarolAsync(string role = Roles.Reviewer) => CreateCarolAsync(Accounts, SignIn, role);

    protected async Task<AccountSummary> CreateCarolAsync(AccountService accounts, SignInService signIn, string role = Roles.Reviewer)
    {
        var first = NewAccounts.FirstPassword(CarolPassword);
        await accounts.CreateAsync(TestActors.Administrator(), new("carol", first, role), Ct);
        await signIn.ChangePasswordAsync(new("carol", first, CarolPassword), Address, Ct);
        return Assert.Single(await accounts.ListAsync(TestActors.Administrator(), Ct), a => a.UserName == "carol");
    }

    protected async Task<AccountSummary> CarolAsync() =>
        Assert.Single(await Accounts.ListAsync(TestActors.Administrator(), Ct), a => a.UserName == "carol");

    protected async Task LockOutCarolAsync()
    {
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<AuthenticationFailedException>(() => SignIn.VerifyCredentialsAsync("carol", "wrong", Address, cancellationToken: Ct));
        }

        await Assert.ThrowsAsync<AccountLockedException>(() => SignIn.VerifyCredentialsAsync("carol", "wrong", Address, cancellationToken: Ct));
    }
}
