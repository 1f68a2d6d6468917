using System.Net;
using System.Text.RegularExpressions;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Accounts;

/// <summary>
/// Sign-in does not tell which user names exist. The time of a failed sign-in is the time of its password hashing, so
/// the tests count verifications per attempt (a timing threshold would be slow and flaky), and compare the answers.
/// Every guess is a password of its own, so a count belongs to one attempt.
/// </summary>
public sealed partial class SignInEnumerationTests(CountingHasherConsole console) : IClassFixture<CountingHasherConsole>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/auth/token")]
    [InlineData("/api/auth/password")]
    public async Task An_unknown_user_costs_one_password_verification_and_gets_the_answer_of_a_wrong_password(string path)
    {
        var userName = await console.CreateAccountAsync("Reviewer", "known");
        var (unknownGuess, wrongGuess) = (Guess(), Guess());
        using var client = console.Anonymous();

        using var unknown = await client.Post(path, SignInBody(path, UnknownUser(), unknownGuess));
        using var wrong = await client.Post(path, SignInBody(path, userName, wrongGuess));

        Assert.Equal((1, 1), (console.VerificationsOf(unknownGuess), console.VerificationsOf(wrongGuess)));
        await AssertSameAnswerAsync(unknown, wrong, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_empty_password_costs_one_password_verification_for_an_unknown_user_as_for_a_known_one()
    {
        var userName = await console.CreateAccountAsync("Reviewer", "empty");
        using var client = console.Anonymous();

        var before = console.VerificationsOf(string.Empty);
        using var unknown = await client.Post("/api/auth/token", new { userName = UnknownUser(), password = string.Empty });
        var afterUnknown = console.VerificationsOf(string.Empty);
        using var known = await client.Post("/api/auth/token", new { userName, password = string.Empty });

        Assert.Equal((1, 1), (afterUnknown - before, console.VerificationsOf(string.Empty) - afterUnknown));
        await AssertSameAnswerAsync(unknown, known, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_browser_sign_in_of_an_unknown_user_costs_one_password_verification_and_shows_the_answer_of_a_wrong_password()
    {
        var userName = await console.CreateAccountAsync("Reviewer", "browser");
        var (unknownGuess, wrongGuess) = (Guess(), Guess());

        var unknown = await BrowserSignInAsync(UnknownUser(), unknownGuess);
        var wrong = await BrowserSignInAsync(userName, wrongGuess);

        Assert.Equal((1, 1), (console.VerificationsOf(unknownGuess), console.VerificationsOf(wrongGuess)));
        Assert.Equal((HttpStatusCode.Unauthorized, "Wrong user name or password."), unknown);
        Assert.Equal(unknown, wrong);
    }

    [Fact]
    public async Task A_locked_out_account_costs_one_password_verification_and_answers_the_right_password_as_a_wrong_one()
    {
        var userName = await console.CreateAccountAsync("Support", "locked");
        using var client = console.Anonymous();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            (await client.Post("/api/auth/token", new { userName, password = Guess() })).Dispose();
        }

        var wrongGuess = Guess();
        var rightBefore = console.VerificationsOf(ConsoleFactory.UserPassword);
        using var wrong = await client.Post("/api/auth/token", new { userName, password = wrongGuess });
        using var right = await client.Post("/api/auth/token", new { userName, password = ConsoleFactory.UserPassword });

        Assert.Equal((1, 1), (console.VerificationsOf(wrongGuess), console.VerificationsOf(ConsoleFactory.UserPassword) - rightBefore));
        await AssertSameAnswerAsync(wrong, right, (HttpStatusCode)423);
    }

    private static string UnknownUser() => $"nobody-{Guid.NewGuid():N}"[..20];

    private static string Guess() => $"Guess-{Guid.NewGuid():N}!";

    private static object SignInBody(string path, string userName, string password) => path == "/api/auth/token"
        ? new { userName, password }
        : new { userName, currentPassword = password, newPassword = "Changed-Pass-2!" };

    /// <summary>Same status and same problem body; only the trace id, which names the request, may differ.</summary>
    private static async Task AssertSameAnswerAsync(HttpResponseMessage first, HttpResponseMessage second, HttpStatusCode expected)
    {
        var firstBody = (await first.ShouldBeAsync(expected))!.AsObject();
        var secondBody = (await second.ShouldBeAsync(expected))!.AsObject();
        firstBody.Remove("traceId");
        secondBody.Remove("traceId");
        Assert.Equal(firstBody.ToJsonString(), secondBody.ToJsonString());
    }

    /// <summary>Posts the login form as a browser does; returns the status and the page's error message.</summary>
    private async Task<(HttpStatusCode Status, string Error)> BrowserSignInAsync(string userName, string password)
    {
        using var browser = console.Anonymous();
        using var loginPage = await browser.Get("/account/login");
        var antiforgery = AntiforgeryField().Match(await loginPage.Content.ReadAsStringAsync(Cancellation));
        Assert.True(antiforgery.Success, "The login form carries an antiforgery token.");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = antiforgery.Groups[1].Value,
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });

        using var response = await browser.PostAsync("/account/login", form, Cancellation);
        var error = ErrorMessage().Match(await response.Content.ReadAsStringAsync(Cancellation));
        return (response.StatusCode, error.Success ? WebUtility.HtmlDecode(error.Groups[1].Value) : "(no error shown)");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("role=\"alert\">([^<]*)<")]
    private static partial Regex ErrorMessage();
}
