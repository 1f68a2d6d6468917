using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace OrchestratorConsole.Core.Features.Notifications;

public static class NotificationSetup
{
    public static void AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<SyncRequiredWatch>();
        services.AddSingleton<CertificateExpiryNotice>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookNotifier>();
        services.AddSingleton<NotificationService>();
        var client = services.AddHttpClient(WebhookSender.HttpClientName);
        // Each delivery: three tries at most, two to four seconds apart with jitter, ten seconds each; the notifier then
        // keeps the event at the head of the webhook's queue and tries again with longer pauses.
        var pipeline = client.AddStandardResilienceHandler(o =>
            {
                o.Retry.MaxRetryAttempts = 2;
                o.Retry.Delay = TimeSpan.FromSeconds(2);
                o.Retry.BackoffType = DelayBackoffType.Exponential;
                o.Retry.UseJitter = true;
                o.Retry.ShouldHandle = args => ValueTask.FromResult(DependencyInjection.IsTransient(args.Outcome));
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(45);
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(60);
                o.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(DependencyInjection.IsTransient(args.Outcome));
            })
            // One circuit per receiver: one that is down must not hold back the others.
            .SelectPipelineByAuthority();
        client.ConfigureHttpClient((sp, http) => http.Timeout = sp.GetRequiredService<IOptionsMonitor<HttpStandardResilienceOptions>>().Get(pipeline.PipelineName).TotalRequestTimeout.Timeout);
        // No redirect is followed (an event goes only where an administrator pointed it); TLS is checked against the
        // system store and the SSL trust list.
        client.ConfigurePrimaryHttpMessageHandler(sp => new HttpClientHandler
        {
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = sp.GetRequiredService<Trust.PeerTrust>().Validate,
        });
    }
}
