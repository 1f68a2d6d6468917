using System.Net;

namespace OrchestratorConsole.Api.Tests.Features.Reliability;

public static class RedirectFollowing
{
    /// <summary>GET that follows up to three redirects within the node (a redirect elsewhere fails the test).</summary>
    public static async Task<HttpResponseMessage> GetFollowingLocalRedirectsAsync(this HttpClient client, string path)
    {
        var address = new Uri(path, UriKind.Relative);
        for (var hop = 0; ; hop++)
        {
            var response = await client.GetAsync(address, TestContext.Current.CancellationToken);
            if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.MovedPermanently or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect) || hop == 3)
            {
                return response;
            }

            var location = response.Headers.Location ?? throw new Xunit.Sdk.XunitException($"{address} redirected without a Location.");
            Assert.True(!location.IsAbsoluteUri || location.Authority == client.BaseAddress?.Authority, $"{address} redirected off the node, to {location}");
            address = location.IsAbsoluteUri ? new Uri(location.PathAndQuery, UriKind.Relative) : location;
            response.Dispose();
        }
    }
}
