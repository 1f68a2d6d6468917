using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using OrchestratorConsole.Core.Features.Accounts;

namespace OrchestratorConsole.Api.Tests.Features.Accounts;

/// <summary>Identity's password hasher, counting each verification by the password it was given.</summary>
public sealed class CountingPasswordHasher(IPasswordHasher<ConsoleUser> inner, ConcurrentDictionary<string, int> verifications) : IPasswordHasher<ConsoleUser>
{
    public string HashPassword(ConsoleUser user, string password) => inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(ConsoleUser user, string hashedPassword, string providedPassword)
    {
        verifications.AddOrUpdate(providedPassword, 1, (_, count) => count + 1);
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
