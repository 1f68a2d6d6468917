using System.Net;
using System.Net.Http.Headers;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Reliability;

/// <summary>The security headers a browser or a scanner sees on a page, an API answer and the API reference.</summary>
public sealed class SecurityHeaderTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    public static TheoryData<string> Addresses => ["/account/login", "/api/node", "/api/no-such-endpoint", "/scalar", "/openapi/v1.json", "/"];

    [Theory]
    [MemberData(nameof(Addresses))]
    public async Task Every_answer_carries_nosniff_frame_denial_a_referrer_policy_and_a_content_security_policy(string path)
    {
        using var client = await console.AdminAsync();
        using var response = await client.GetFollowingLocalRedirectsAsync(path);

        Assert.True((int)response.StatusCode < 500, $"{path} answered {(int)response.StatusCode}");
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Contains(Single(response, "Referrer-Policy"), new[] { "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin" });
        var policy = Csp(response);
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.DoesNotContain("'unsafe-eval'", policy);
        Assert.DoesNotContain("*", policy);
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/api/node")]
    [InlineData("/")]
    public async Task The_console_allows_no_inline_script(string path)
    {
        using var client = await console.AdminAsync();
        using var response = await client.Get(path);

        var scriptSources = Directive(Csp(response), "script-src");
        Assert.Equal(["'self'"], scriptSources);
    }

    [Fact]
    public async Task Only_the_API_reference_may_run_an_inline_script_and_still_no_eval()
    {
        using var client = console.Anonymous();
        using var response = await client.GetFollowingLocalRedirectsAsync("/scalar");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var scriptSources = Directive(Csp(response), "script-src");
        Assert.Contains("'unsafe-inline'", scriptSources);
        Assert.DoesNotContain("'unsafe-eval'", scriptSources);
        Assert.All(scriptSources, s => Assert.True(s is "'self'" or "'unsafe-inline'", $"script-src of /scalar allows {s}"));
    }

    [Theory]
    [InlineData("/api/node", true)]
    [InlineData("/api/configuration/general", true)]
    [InlineData("/api/no-such-endpoint", false)]
    public async Task API_answers_are_never_stored_by_a_cache(string path, bool authenticated)
    {
        using var client = authenticated ? await console.AdminAsync() : console.Anonymous();
        using var response = await client.Get(path);

        Assert.True(response.Headers.CacheControl?.NoStore == true, $"{path}: Cache-Control is '{response.Headers.CacheControl}'");
    }

    [Fact]
    public async Task A_token_answer_is_never_stored_by_a_cache()
    {
        using var client = console.Anonymous();
        using var response = await client.Post("/api/auth/token", new { userName = ConsoleFactory.AdminName, password = ConsoleFactory.AdminPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore == true, $"Cache-Control is '{response.Headers.CacheControl}'");
    }

    [Fact]
    public async Task The_login_page_is_never_stored_by_a_cache()
    {
        using var client = console.Anonymous();
        using var response = await client.Get("/account/login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore == true, $"Cache-Control is '{response.Headers.CacheControl}'");
    }

    private static string Single(HttpResponseMessage response, string header)
    {
        Assert.True(response.Headers.TryGetValues(header, out var values), $"{response.RequestMessage?.RequestUri?.PathAndQuery} has no {header} header");
        return Assert.Single(values);
    }

    private static string Csp(HttpResponseMessage response) => Single(response, "Content-Security-Policy");

    private static string[] Directive(string policy, string name) =>
        policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(d => d[0] == name)
            .Select(d => d[1..])
            .SingleOrDefault() ?? throw new Xunit.Sdk.XunitException($"The policy has no {name}: {policy}");
}
