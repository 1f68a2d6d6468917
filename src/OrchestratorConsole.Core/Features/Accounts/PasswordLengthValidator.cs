using Microsoft.AspNetCore.Identity;
using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>The upper bound of the password policy (Identity has only a lower one): a password is at most <see cref="TextLimits.Password"/> characters.</summary>
internal sealed class PasswordLengthValidator : IPasswordValidator<ConsoleUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<ConsoleUser> manager, ConsoleUser user, string? password) =>
        Task.FromResult(TextLimits.Problem("The password", password, TextLimits.Password) is { } problem
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordTooLong", Description = problem })
            : IdentityResult.Success);
}
