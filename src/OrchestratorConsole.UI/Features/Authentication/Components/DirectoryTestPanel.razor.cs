using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Authentication;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Authentication.Components;

/// <summary>The Authentication tab's tests: they take the saved settings, and may take a few seconds per server.</summary>
public sealed partial class DirectoryTestPanel : ConsolePage
{
    private const string UserNameLabel = "The user name";
    private const string PasswordLabel = "The password";

    [Inject]
    public required AuthenticationService Authentication { get; init; }

    /// <summary>The form differs from the saved settings, which are what the tests use.</summary>
    [Parameter]
    public bool HasUnsavedChanges { get; set; }

    private MudForm? _loginForm;
    private string? _userName;
    private string? _password;
    private string? _running;
    private DirectoryTestResult? _result;
    private string? _testedUser;

    private Task TestConnectionAsync() => RunTestAsync(null, null, "Testing the connection…");

    private async Task TestLoginAsync()
    {
        if (_loginForm is not null)
        {
            await _loginForm.ValidateAsync();
            if (!_loginForm.IsValid)
            {
                return;
            }
        }

        var userName = _userName!.Trim();
        var password = _password;
        // The password is used for this one test and leaves the form at once.
        _password = null;
        await RunTestAsync(userName, password, $"Testing the login of {userName}…");
        if (_loginForm is not null)
        {
            await _loginForm.ResetValidationAsync();
        }
    }

    private async Task RunTestAsync(string? userName, string? password, string running)
    {
        _running = running;
        _result = null;
        StateHasChanged();
        try
        {
            await RunAsync(async () =>
            {
                _result = await Authentication.TestAsync(Actor, new DirectoryTestRequest(userName, password), CancellationToken.None);
                _testedUser = userName;
            });
        }
        finally
        {
            _running = null;
        }
    }
}
