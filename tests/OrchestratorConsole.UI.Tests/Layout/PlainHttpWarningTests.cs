using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Network;
using OrchestratorConsole.UI.Layout;

namespace OrchestratorConsole.UI.Tests.Layout;

/// <summary>A node whose host allowed plain HTTP beyond loopback (Network:AllowPlainHttp).</summary>
public sealed class PlainHttpWarningTests : ConsoleTestContext
{
    protected override void ConfigureNode(IServiceCollection services) =>
        services.AddSingleton(new PlainHttpListeners(["http://0.0.0.0:8283"]));

    [Fact]
    public void Every_signed_in_page_names_the_plain_HTTP_listeners()
    {
        SignInAs(Roles.Reviewer, "reviewer");

        var layout = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));

        Assert.Contains("plain HTTP on http://0.0.0.0:8283", layout.Find("[data-testid=plain-http-warning]").TextContent);
        Assert.Contains("Network:AllowPlainHttp", layout.Find("[data-testid=plain-http-warning]").TextContent);
    }
}
