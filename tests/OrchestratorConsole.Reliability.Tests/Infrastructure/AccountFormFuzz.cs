using System.Net;
using System.Text.RegularExpressions;

namespace OrchestratorConsole.Reliability.Tests.Infrastructure;

/// <summary>Random posts to the account forms (sign in, change password, log out), each with its antiforgery token.</summary>
public static partial class AccountFormFuzz
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One random post to the sign-in, change-password or log-out form, with the form's antiforgery token and random fields.</summary>
    public static async Task SendAsync(StoreNode node, RandomInput random, int index, FuzzAnswers answers)
    {
        // (where the form is shown, where it posts, its handler, its fields); Log out is in the shell, for a signed-in user.
        var (formPage, path, handler, fields) = random.Pick(new (string, string, string, string[])[]
        {
            ("/account/login", "/account/login", "login", ["Input.UserName", "Input.Password"]),
            ("/account/change-password", "/account/change-password", "change-password", ["Input.UserName", "Input.CurrentPassword", "Input.NewPassword", "Input.ConfirmPassword"]),
            ("/", "/account/logout", "logout", ["returnUrl"]),
        });
        using var handlerWithCookies = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var client = new HttpClient(handlerWithCookies) { BaseAddress = node.Node.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (formPage == "/")
        {
            await SignInAsync(client);
        }

        var page = await client.GetStringAsync(formPage, Ct);
        var hidden = HiddenInput().Matches(page).GroupBy(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups[2].Value));
        Assert.True(hidden.ContainsKey("__RequestVerificationToken"), $"{path} has no antiforgery token: {RandomInput.Truncated(page, 2_000)}");

        var values = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in hidden)
        {
            values.Add(new(name, random.Chance(0.05) ? RandomInput.Truncated(random.String(), 1_000) : value));
        }

        if (!hidden.ContainsKey("_handler") || random.Chance(0.05))
        {
            values.Add(new("_handler", random.Chance(0.9) ? handler : RandomInput.Truncated(random.String(), 200)));
        }

        foreach (var field in fields.Where(_ => random.Chance(0.85)))
        {
            values.Add(new(field, RandomInput.Truncated(random.String(), random.Chance(0.1) ? 200_000 : 2_000)));
        }

        if (random.Chance(0.1))
        {
            values.Add(new(random.Pick(fields) + "[0]", random.String()));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(values) };
        await answers.SendAsync(client, request, $"#{index} POST {path} form {string.Join("&", values.Select(v => $"{v.Key}={RandomInput.Truncated(v.Value, 40)}"))}");
    }

    /// <summary>Signs <paramref name="client"/>'s cookie session in through the sign-in form, as a browser does.</summary>
    private static async Task SignInAsync(HttpClient client)
    {
        var form = await client.GetStringAsync("/account/login", Ct);
        var values = HiddenInput().Matches(form).Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
        values.Add(new("Input.UserName", StoreNode.AdminName));
        values.Add(new("Input.Password", StoreNode.AdminPassword));
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(values), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Signing in for the Log out form answered {(int)response.StatusCode}");
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenInput();
}
