using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.Core.Api;

public static class HostingExtensions
{
    /// <summary>The console listens on http://127.0.0.1:8283 (vCO's port) unless --urls, ASPNETCORE_URLS or Kestrel endpoints say otherwise.</summary>
    public static IHostApplicationBuilder AddDefaultListenAddress(this IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"] ?? builder.Configuration["http_ports"] ?? builder.Configuration["https_ports"];
        if (string.IsNullOrEmpty(configured) && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists() && builder is Microsoft.AspNetCore.Builder.WebApplicationBuilder web)
        {
            web.WebHost.UseUrls("http://127.0.0.1:8283");
        }

        return builder;
    }
}

/// <summary>Turns a failed start into one line a person can act on.</summary>
public static class StartupFailure
{
    public static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException options => string.Join(" ", options.Failures),
        InvalidOperationException { Message: var m } when m.Contains("Failed to convert configuration value", StringComparison.Ordinal) => m.Split('\n')[0],
        DataDirectoryInUseException inUse => inUse.Message,
        IOException { InnerException: AddressInUseException } bind => bind.Message,
        AggregateException aggregate when aggregate.InnerExceptions.Count == 1 => Describe(aggregate.InnerException!),
        _ => null,
    };
}

/// <summary>Asks a console's health endpoint; exit code 0 when it answers 200.</summary>
public static class HealthProbe
{
    public static async Task<int> RunAsync(string url)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(4) };
        try
        {
            using var response = await client.GetAsync(url);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"{url}: {ex.Message}");
            return 1;
        }
    }
}
