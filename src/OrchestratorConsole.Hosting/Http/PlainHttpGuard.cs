using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.Hosting.Http;

/// <summary>
/// A console listening on plain HTTP beyond loopback would take passwords and configurations in clear from the
/// network: such a start is refused, naming <c>Network:AllowPlainHttp</c>, unless that key allows it; then every page
/// says so. Loopback (the README's quick start) is always allowed.
/// </summary>
public static class PlainHttpGuard
{
    public const string AllowKey = "Network:AllowPlainHttp";

    public static IHostApplicationBuilder RefusePlainHttpBeyondLoopback(this IHostApplicationBuilder builder)
    {
        var beyond = ListenAddresses(builder.Configuration).Where(IsPlainBeyondLoopback).ToList();
        if (beyond.Count > 0 && !builder.Configuration.GetValue<bool>(AllowKey))
        {
            throw new PlainHttpRefusedException(
                $"{AllowKey}: {string.Join(", ", beyond)} would serve plain HTTP beyond loopback, so passwords and configurations would cross the network unencrypted. Listen on https:// (the node serves its own certificate), or set {AllowKey}=true to allow it.");
        }

        builder.Services.AddSingleton(new PlainHttpListeners(beyond));
        return builder;
    }

    /// <summary>The addresses the console is told to listen on: --urls, ASPNETCORE_URLS, and Kestrel's endpoints.</summary>
    public static IEnumerable<string> ListenAddresses(IConfiguration configuration)
    {
        var urls = configuration["urls"] ?? configuration["ASPNETCORE_URLS"];
        foreach (var url in (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            yield return url;
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                yield return url;
            }
        }

        if (configuration["http_ports"] is { Length: > 0 } ports)
        {
            foreach (var port in ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return $"http://*:{port}";
            }
        }
    }

    public static bool IsPlainBeyondLoopback(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            // Kestrel refuses it with its own message.
            return false;
        }

        if (!string.Equals(address.Scheme, "http", StringComparison.OrdinalIgnoreCase) || address.IsUnixPipe || address.IsNamedPipe)
        {
            return false;
        }

        var host = address.Host.Trim('[', ']');
        return !string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            && !(IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}

/// <summary>Plain HTTP beyond loopback without <c>Network:AllowPlainHttp</c>: the start is refused.</summary>
public sealed class PlainHttpRefusedException(string message) : Exception(message);
