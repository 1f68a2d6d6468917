using System.Net;
using System.Net.Http.Json;

namespace OrchestratorConsole.Testing;

/// <summary>
/// An account as the tests need it: created by an administrator with a first password, then that first password
/// changed to the user's own, as the user must before anything else.
/// </summary>
public static class NewAccounts
{
    /// <summary>The password an administrator gives a new account before its user chooses <paramref name="password"/>.</summary>
    public static string FirstPassword(string password) => password + "~first";

    /// <summary>
    /// <c>POST /api/accounts</c> through <paramref name="administrator"/> (a client signed in as one), then the first
    /// change (<c>POST /api/auth/password</c>) through <paramref name="anonymous"/> to <paramref name="password"/>.
    /// </summary>
    public static async Task CreateAsync(HttpClient administrator, HttpClient anonymous, string userName, string password, string role, CancellationToken cancellationToken = default)
    {
        var first = FirstPassword(password);
        using var response = await administrator.PostAsJsonAsync("/api/accounts", new { userName, password = first, role }, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /api/accounts answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        using var change = await anonymous.PostAsJsonAsync("/api/auth/password", new { userName, currentPassword = first, newPassword = password }, cancellationToken);
        if (!change.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The first password change of '{userName}' answered {(int)change.StatusCode}: {await change.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }
}
