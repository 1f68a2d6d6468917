using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;

namespace OrchestratorConsole.UI.Features.Accounts;

public partial class LoginPage
{
    [CascadingParameter]
    public HttpContext HttpContext { get; set; } = default!;

    [Inject]
    public required ConsoleSignIn SignIn { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromForm]
    private LoginInput Input { get; set; } = default!;

    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    /// <summary>Why the previous session ended, when the console sent the browser here for that.</summary>
    [SupplyParameterFromQuery]
    private string? Ended { get; set; }

    private string? _error;

    private string? EndedNotice => _error is null ? SessionEnds.Parse(Ended)?.Describe() : null;

    protected override void OnInitialized() => Input ??= new();

    private async Task SignInAsync()
    {
        try
        {
            var mustChange = await SignIn.SignInAsync(HttpContext, Input.UserName, Input.Password);
            if (mustChange)
            {
                Navigation.NavigateTo($"/account/change-password?userName={Uri.EscapeDataString(Input.UserName ?? string.Empty)}&first=true");
                return;
            }

            Navigation.NavigateTo(ConsoleSignIn.SafeReturnUrl(ReturnUrl));
        }
        catch (ConsoleException ex)
        {
            HttpContext.Response.StatusCode = ex switch
            {
                AccountLockedException => StatusCodes.Status423Locked,
                TooManyAttemptsException => StatusCodes.Status429TooManyRequests,
                ForbiddenException => StatusCodes.Status403Forbidden,
                Core.Features.Authentication.DirectoryUnavailableException => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status401Unauthorized,
            };
            _error = ex.Message;
        }
    }

    private sealed class LoginInput
    {
        public string? UserName { get; set; }

        public string? Password { get; set; }
    }
}
