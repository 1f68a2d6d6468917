using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MudBlazor;
using MudBlazor.Services;
using OrchestratorConsole.Core;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Logs;
using OrchestratorConsole.Core.Features.Network;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.Server;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.UI.Tests;

/// <summary>
/// The shared bUnit context: MudBlazor's services with loose JS interop, and a real node (its Core services over a
/// SQLite settings store in a temporary folder, initialised as at a first start). Each test gets a node of its own.
/// </summary>
public abstract class ConsoleTestContext : BunitContext, IAsyncLifetime
{
    public const string AdminPassword = "Admin#Pass1";

    /// <summary>The Core services the pages use, handed from the node to the components.</summary>
    private static readonly Type[] NodeServices =
    [
        typeof(ConfigurationService), typeof(ConfigurationRegistry), typeof(ConfigurationHistory), typeof(NodeValidationService), typeof(NodeValidationFeed), typeof(DatabaseStatusService), typeof(DatabaseCommands),
        typeof(OrchestratorSchemaService), typeof(AccountService), typeof(SessionService), typeof(AuditService), typeof(NodeLog), typeof(NodeInfoService),
        typeof(OrchestratorServer), typeof(NodeIdentityService), typeof(TimeProvider), typeof(UserPreferences), typeof(ClusterService), typeof(NodeServerService),
        typeof(OrchestratorConsole.Core.Features.Certificates.ServerCertificateService), typeof(OrchestratorConsole.Core.Features.Trust.TrustService), typeof(PlainHttpListeners), typeof(NetworkListening), typeof(NodeAddress),
        typeof(OrchestratorConsole.Core.Features.Authentication.AuthenticationService), typeof(OrchestratorConsole.Core.Features.Telemetry.ConsoleMetrics), typeof(OrchestratorConsole.Core.Features.Audit.AuditForwarder),
        typeof(OrchestratorConsole.Core.Features.Notifications.WebhookNotifier), typeof(OrchestratorConsole.Core.Features.Notifications.NotificationService),
    ];

    private readonly TempDirectory _data = new();
    private IHost? _node;
    private BunitAuthorizationContext? _auth;
    private IRenderedComponent<MudPopoverProvider>? _popovers;
    private IRenderedComponent<MudDialogProvider>? _dialogs;
    private IRenderedComponent<MudSnackbarProvider>? _snackbars;

    protected ConsoleTestContext()
    {
        DefaultWaitTimeout = TimeSpan.FromSeconds(30);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    /// <summary>Cancelled when the test is aborted.</summary>
    protected static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;

    /// <summary>The node's own service provider, for arranging state through the real services.</summary>
    protected IServiceProvider Node => _node?.Services ?? throw new InvalidOperationException("The node is not started.");

    public async ValueTask InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _data.Path, EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Node:DataDirectory"] = _data.Path,
            ["Accounts:InitialAdminPassword"] = AdminPassword,
        });
        builder.Logging.ClearProviders();
        builder.AddOrchestratorCore();
        builder.Services.AddSingleton<NodeInfoService>();
        builder.Services.AddSingleton<DatabaseCommands>();
        ConfigureNode(builder.Services);
        _node = builder.Build();
        await _node.StartAsync(Xunit.TestContext.Current.CancellationToken);

        foreach (var type in NodeServices)
        {
            Services.AddSingleton(type, _node.Services.GetRequiredService(type));
        }

        _auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", true));
    }

    /// <summary>Adds to or replaces the node's services before it starts (as the host would).</summary>
    protected virtual void ConfigureNode(IServiceCollection services)
    {
    }

    /// <summary>Signs a user in with one role, as the cookie would (with its session id when given).</summary>
    protected void SignInAs(string role, string userName = "vmware", string? sessionId = null)
    {
        var auth = _auth ?? throw new InvalidOperationException("The node is not started.");
        auth.SetAuthorized(userName);
        auth.SetRoles(role);
        if (sessionId is not null)
        {
            auth.SetClaims(new System.Security.Claims.Claim(SessionService.SessionIdClaimType, sessionId));
        }
    }

    /// <summary>
    /// Registers another node in the node's real (Embedded) cluster store, running and live, as its heartbeat would;
    /// its console is <paramref name="publicUrl"/>, where nothing need answer.
    /// </summary>
    protected async Task RegisterOtherNodeAsync(Guid nodeId, string name, string publicUrl, string fingerprint, DateTimeOffset savedAt)
    {
        var database = (await Node.GetRequiredService<ConfigurationService>().GetAsync<DatabaseSettings>(Cancellation)).Settings;
        await using var store = Node.GetRequiredService<ClusterStoreFactory>().Create(database);
        await store.RegisterAsync(new NodeAnnouncement(nodeId, Guid.NewGuid(), name, publicUrl, ProductInfo.Version, fingerprint, fingerprint, savedAt, null, null), TimeSpan.FromMinutes(5), null, Cancellation);
    }

    /// <summary>Renders a page with the providers MainLayout would give it (popovers, dialogs, snackbars), each as its own root and once per test.</summary>
    protected ConsolePage<TPage> RenderPage<TPage>()
        where TPage : IComponent
    {
        _popovers ??= Render<MudPopoverProvider>();
        _dialogs ??= Render<MudDialogProvider>();
        _snackbars ??= Render<MudSnackbarProvider>();
        return new ConsolePage<TPage>(Render<TPage>(), _popovers, _dialogs, _snackbars);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        if (_node is not null)
        {
            await _node.StopAsync(CancellationToken.None);
            _node.Dispose();
        }

        _data.Dispose();
    }
}
