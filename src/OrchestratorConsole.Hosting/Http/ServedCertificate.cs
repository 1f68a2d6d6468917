using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrchestratorConsole.Core.Features.Certificates;

namespace OrchestratorConsole.Hosting.Http;

/// <summary>
/// Every HTTPS listener serves the node's server certificate with its chain, asked for at each new connection: an
/// imported certificate is served on the next connection without a restart (see docs/adr/0010).
/// </summary>
public static class ServedCertificate
{
    public static IHostApplicationBuilder AddServedCertificate(this IHostApplicationBuilder builder)
    {
        // The service is looked up at the first handshake, not when Kestrel is built: it depends (through the
        // configuration's save checks and the node's address) on the server itself.
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IServiceProvider>((kestrel, services) =>
            kestrel.ConfigureHttpsDefaults(https =>
            {
                var certificate = new Lazy<ServerCertificateService>(services.GetRequiredService<ServerCertificateService>);
                // Kestrel needs a certificate or a selector to set the listener up; the handshake itself is given the context.
                https.ServerCertificateSelector = (_, _) => certificate.Value.Current;
                https.OnAuthenticate = (_, ssl) =>
                {
                    if (certificate.Value.Context is { } served)
                    {
                        // A context carries the intermediates, which a selected certificate alone does not send.
                        ssl.ServerCertificateSelectionCallback = null;
                        ssl.ServerCertificateContext = served;
                    }
                };
            }));
        return builder;
    }
}
