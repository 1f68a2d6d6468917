using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Npgsql;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.ConfigurationTransfer;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.KeyRing;
using OrchestratorConsole.Core.Features.Logs;
using OrchestratorConsole.Core.Features.Network;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.Notifications;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Core.Features.Troubleshooting;
using OrchestratorConsole.Core.Features.Server;
using OrchestratorConsole.Core.Options;
using Polly;
using Polly.Retry;

namespace OrchestratorConsole.Core;

public static class DependencyInjection
{
    /// <summary>PBKDF2-HMAC-SHA512 iterations for account passwords: OWASP's current figure for that hash.</summary>
    public const int PasswordHashIterations = 210_000;

    /// <summary>The node's services: settings store, configuration, accounts, audit, database and logs.</summary>
    public static IHostApplicationBuilder AddOrchestratorCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<NodeOptions>().BindConfiguration(NodeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<NodeOptions>, NodeOptionsValidator>();
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<TimeProvider>(SuspendAwareTimeProvider.Instance);
        services.AddSingleton<NodePaths>();

        services.AddSettingsStore();
        builder.AddNodeDataProtection();
        services.AddAccounts();

        var nodeLog = new NodeLog();
        // Registered through a factory so the container disposes it (flushing the file) at shutdown.
        services.AddSingleton(_ => nodeLog);
        builder.Logging.AddProvider(new NodeLogProvider(nodeLog, TimeProvider.System));
        builder.Logging.AddFilter<NodeLogProvider>(null, LogLevel.Trace);

        services.AddSingleton<AuditService>();
        services.AddSingleton<Features.Telemetry.ConsoleMetrics>();
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AuditForwarder>();
        // The store's contexts hand their audit rows to the forwarder, which itself reads the store: resolved late.
        services.AddSingleton(sp => new AuditForwardingInterceptor(new Lazy<AuditForwarder>(sp.GetRequiredService<AuditForwarder>)));
        services.AddSingleton<AuditRetention>();
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<ConfigurationEvents>();
        services.AddSingleton<ConfigurationRegistry>();
        services.AddSingleton<ConfigurationService>();
        services.AddSingleton<ConfigurationHistory>();
        services.AddSingleton<NodeIdentityService>();
        services.AddSingleton<NodeValidationService>();
        services.AddSingleton<NodeValidationFeed>();
        services.AddSingleton<Features.Trust.DatabaseCertificateTrust>();
        services.AddSingleton<OrchestratorDatabase>();
        services.AddSingleton<OrchestratorSchemaService>();
        services.AddSingleton<DatabaseStatusService>();
        services.AddSingleton<DatabaseConnectionTester>();
        services.AddSingleton<NodeAddress>();
        // The host's guard registers the listeners it allowed; a host without one (tests, tools) has none.
        services.TryAddSingleton<PlainHttpListeners>();
        services.AddSingleton<NetworkListening>();
        services.AddSingleton<ISectionSaveCheck, NetworkSaveCheck>();
        services.AddSingleton<ClusterStoreFactory>();
        services.AddSingleton<RunningClusterStore>();
        services.AddSingleton<ConfigurationFingerprint>();
        services.AddSingleton<ClusterService>();
        services.AddSingleton<ClusterLiveFeed>();
        services.AddSingleton<ContentChangeGuard>();
        services.AddSingleton<NodeInfoService>();
        services.AddSingleton<DatabaseCommands>();
        services.AddSingleton(new PluginPackageLimits());
        services.AddSingleton<PluginPackageReader>();
        services.AddSingleton<PluginPackageStore>();
        services.AddSingleton<PluginInstallation>();
        services.AddSingleton<PluginService>();
        services.AddSingleton<PluginContentInstaller>();
        services.AddSingleton<TroubleshootingService>();
        services.AddSingleton<ConfigurationTransferService>();
        services.AddSingleton<NodeToNodeSignature>();
        services.AddSingleton<ClusterKeyCache>();
        services.AddSingleton<NodeToNodeClient>();
        services.AddSingleton<ClusterSyncService>();
        services.AddSingleton<NodeServerService>();
        services.AddSingleton<Features.Certificates.ServerCertificateService>();
        services.AddSingleton<Features.Trust.PeerTrust>();
        services.AddSingleton<Features.Trust.TrustService>();
        services.AddNodeToNodeClients();
        services.AddSingleton<OrchestratorServer>();
        services.AddResiliencePipeline(DatabaseConnectionTester.PipelineName, pipeline => pipeline
            .AddTimeout(TimeSpan.FromSeconds(30))
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(250),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // Only a network hiccup is worth another try; a wrong password, a missing database or a refused certificate is not.
                ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(e => e is not PostgresException && e.IsTransient
                    && e.InnerException is not (System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.HostNotFound } or System.Security.Authentication.AuthenticationException)),
            })
            .AddTimeout(TimeSpan.FromSeconds(OrchestratorDatabase.ConnectTimeoutSeconds + 2)));

        services.AddOptions<AuthenticationOptions>().BindConfiguration(AuthenticationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Features.Authentication.DirectoryTrustFolder>();
        services.AddSingleton<Features.Authentication.DirectoryDiagnosis>();
        services.AddSingleton<Features.Authentication.DirectoryClient>();
        services.AddSingleton<Features.Authentication.DirectoryAccounts>();
        services.AddSingleton<Features.Authentication.AuthenticationService>();
        services.AddResiliencePipeline(Features.Authentication.DirectoryClient.PipelineName, static (pipeline, context) =>
            pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<AuthenticationOptions>>().Value.DirectoryTimeout));

        services.AddNotifications();

        services.AddHostedService<NodeInitializer>();
        // After the node's store is migrated and has its first revisions: both read the audit section.
        services.AddHostedService(sp => sp.GetRequiredService<AuditForwarder>());
        services.AddHostedService(sp => sp.GetRequiredService<AuditRetention>());
        services.AddHostedService<ServerLifetime>();
        services.AddHostedService<Features.Certificates.CertificateRenewal>();
        services.AddHostedService<Features.Authentication.DirectoryRoleRefresh>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Notifications.WebhookNotifier>());
        return builder;
    }

    private static void AddNodeToNodeClients(this IServiceCollection services)
    {
        services.AddTransient<NodeToNodeSigningHandler>();
        services.AddNodeToNodeClient(NodeToNodeClient.HttpClientName, o =>
        {
            o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(20);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(60);
            o.Retry.MaxRetryAttempts = 2;
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(60);
        });
        services.AddNodeToNodeClient(NodeToNodeClient.CommandHttpClientName, o =>
        {
            o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(20);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(60);
            o.Retry.DisableForUnsafeHttpMethods();
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(60);
        });
        // A 64 MB package over a slow link between sites (4 Mbit/s) takes over two minutes: five per attempt, one retry.
        services.AddNodeToNodeClient(NodeToNodeClient.PackageHttpClientName, o =>
        {
            o.AttemptTimeout.Timeout = TimeSpan.FromMinutes(5);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(11);
            o.Retry.MaxRetryAttempts = 1;
            // The breaker samples at least two attempts' time.
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(10);
        });
    }

    private static void AddNodeToNodeClient(this IServiceCollection services, string name, Action<HttpStandardResilienceOptions> timeouts)
    {
        var client = services.AddHttpClient(name);
        var pipeline = client.AddStandardResilienceHandler(o =>
            {
                o.Retry.UseJitter = true;
                o.Retry.Delay = TimeSpan.FromMilliseconds(300);
                o.CircuitBreaker.MinimumThroughput = 4;
                o.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(15);
                // A certificate refused is an answer, not a fault: asking again gets the same certificate.
                o.Retry.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
                o.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
                timeouts(o);
            })
            // One circuit per node: a node that is down must not stop calls to the others.
            .SelectPipelineByAuthority();
        // A response body is read after the pipeline returns, within HttpClient's own timeout (100 s by default): it follows the pipeline's total.
        client.ConfigureHttpClient((sp, http) => http.Timeout = sp.GetRequiredService<IOptionsMonitor<HttpStandardResilienceOptions>>().Get(pipeline.PipelineName).TotalRequestTimeout.Timeout);
        // Another node's certificate: the system store's verdict, or the SSL trust list's (see PeerTrust).
        client.ConfigurePrimaryHttpMessageHandler(sp => new HttpClientHandler { ServerCertificateCustomValidationCallback = sp.GetRequiredService<Features.Trust.PeerTrust>().Validate });
        // Inside the resilience handler: each attempt is signed afresh, so a retry is not refused as a replay of the first.
        client.AddHttpMessageHandler<NodeToNodeSigningHandler>();
    }

    /// <summary>Worth another try: a network fault or a server's passing trouble, but not a certificate refused (asking again gets the same one).</summary>
    internal static bool IsTransient(Polly.Outcome<HttpResponseMessage> outcome) =>
        HttpClientResiliencePredicates.IsTransient(outcome)
        && outcome.Exception is not HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError };

    private static void AddSettingsStore(this IServiceCollection services)
    {
        services.AddDbContextFactory<SqliteSettingsDbContext>((sp, options) =>
            options.UseSqlite($"Data Source={sp.GetRequiredService<NodePaths>().SettingsStoreFile};Default Timeout=30")
                .AddInterceptors(sp.GetRequiredService<AuditForwardingInterceptor>()));
        services.AddDbContextFactory<PostgresSettingsDbContext>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<IOptions<NodeOptions>>().Value.SettingsStore.ConnectionString, o => o.EnableRetryOnFailure(3))
                .AddInterceptors(sp.GetRequiredService<AuditForwardingInterceptor>()));
        services.AddSingleton<IDbContextFactory<SettingsDbContext>>(sp =>
            sp.GetRequiredService<IOptions<NodeOptions>>().Value.SettingsStore.Provider == SettingsStoreProvider.Postgres
                ? new SettingsDbContextFactory<PostgresSettingsDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresSettingsDbContext>>())
                : new SettingsDbContextFactory<SqliteSettingsDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteSettingsDbContext>>()));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<SettingsDbContext>>().CreateDbContext());
    }

    private static void AddNodeDataProtection(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var certificate = KeyRingCertificate.Load(
            builder.Configuration.GetSection(KeyRingCertificateOptions.SectionName).Get<KeyRingCertificateOptions>() ?? new(),
            builder.Environment.ContentRootPath);
        services.AddSingleton(certificate);
        services.AddSingleton<KeyRingFolder>();
        services.AddSingleton<KeyRingBackup>();
        // Registered before Data Protection's own hosted service, which loads the ring (and creates its first key).
        services.AddHostedService<KeyRingStartup>();

        var dataProtection = services.AddDataProtection().SetApplicationName("OrchestratorConsole");
        // The key ring lives in the data directory, in a folder only this account may read (see docs/adr).
        services.AddOptions<KeyManagementOptions>().Configure<KeyRingFolder, ILoggerFactory>((options, folder, loggers) =>
            options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(folder.Prepare()), loggers));
        if (certificate.Certificate is { } protector)
        {
            // The certificate may not be in a store the framework searches (a .pfx file): it is given for reading too.
            dataProtection.ProtectKeysWithCertificate(protector).UnprotectKeysWithAnyCertificate(protector);
        }
        else
        {
            // Without a certificate the framework warns at every new key that it is stored unencrypted. The folder is the
            // protection then, and KeyRingStartup says so in one line instead. Logging filters go by category, not event,
            // so XmlKeyManager's warnings are dropped and its errors kept; the node's own log has a rule of its own to override.
            var category = typeof(XmlKeyManager).FullName;
            builder.Logging.AddFilter(category, LogLevel.Error);
            builder.Logging.AddFilter<NodeLogProvider>(category, LogLevel.Error);
        }
    }

    private static void AddAccounts(this IServiceCollection services)
    {
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = PasswordHashIterations);
        services.AddIdentityCore<ConsoleUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = true;
                o.Password.RequireNonAlphanumeric = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireLowercase = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddPasswordValidator<PasswordLengthValidator>()
            .AddEntityFrameworkStores<SettingsDbContext>()
            .AddUserStore<ConsoleUserStore>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<AccountChanges>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<SessionCheck>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<UserPreferences>();
        services.AddSingleton<ApiTokenService>();
    }
}
