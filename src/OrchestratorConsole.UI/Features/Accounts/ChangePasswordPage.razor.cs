using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.UI.Features.Accounts;

public partial class ChangePasswordPage
{
    [CascadingParameter]
    public HttpContext HttpContext { get; set; } = default!;

    [Inject]
    public required ConsoleSignIn SignIn { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromForm]
    private ChangeInput Input { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "userName")]
    private string? QueryUserName { get; set; }

    [SupplyParameterFromQuery(Name = "first")]
    private bool First { get; set; }

    private string? _error;
    private bool _done;

    /// <summary>The signed-in user, whose own password this page changes; null before sign-in (the first change).</summary>
    private string? SignedInName => HttpContext.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : null;

    protected override void OnInitialized()
    {
        Input ??= new();
        Input.UserName = SignedInName ?? Input.UserName ?? QueryUserName;
    }

    private async Task ChangeAsync()
    {
        if (Input.NewPassword != Input.ConfirmPassword)
        {
            _error = "The new password and its confirmation differ.";
            HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        try
        {
            await SignIn.ChangePasswordAndSignInAsync(HttpContext, Input.UserName, Input.CurrentPassword, Input.NewPassword);
            if (First)
            {
                Navigation.NavigateTo("/");
                return;
            }

            _done = true;
        }
        catch (ConsoleException ex)
        {
            HttpContext.Response.StatusCode = ex is AccountLockedException ? StatusCodes.Status423Locked : StatusCodes.Status400BadRequest;
            _error = ex is ValidationFailedException v ? string.Join(" ", v.Errors.Values.SelectMany(m => m)) : ex.Message;
        }
    }

    private sealed class ChangeInput
    {
        public string? UserName { get; set; }

        public string? CurrentPassword { get; set; }

        public string? NewPassword { get; set; }

        public string? ConfirmPassword { get; set; }
    }
}
