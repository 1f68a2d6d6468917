using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Network;

/// <summary>
/// Applies the Network tab's settings once, as the console starts and before it listens: a saved change waits for
/// the next start (the tab says <em>Pending restart</em>). <c>--urls</c>, <c>ASPNETCORE_URLS</c> and Kestrel's
/// endpoints win when given; the tab then says which.
/// </summary>
public sealed partial class NetworkListening(
    IConfiguration configuration,
    ConfigurationService settings,
    PlainHttpListeners plainHttp,
    ILogger<NetworkListening> logger,
    IServer? server = null)
{
    /// <summary>What sets the listen addresses instead of the Network tab ("--urls or ASPNETCORE_URLS"), or null when the tab does.</summary>
    public string? OverriddenBy { get; } = ListenAddresses.ConfiguredSource(configuration);

    /// <summary>The addresses given at start that win over the tab; empty when the tab's settings apply.</summary>
    public IReadOnlyList<string> OverridingAddresses { get; } = ListenAddresses.Configured(configuration);

    /// <summary>The settings the console started with; null when it started with other addresses (<see cref="OverriddenBy"/>) or did not listen.</summary>
    public NetworkSettings? Applied { get; private set; }

    /// <summary>The public URL the tab gave at start, if any (<c>Node:PublicUrl</c> wins over it).</summary>
    public string? AppliedPublicUrl => string.IsNullOrWhiteSpace(Applied?.PublicUrl) ? null : Applied.PublicUrl.Trim().TrimEnd('/');

    /// <summary>True when <paramref name="saved"/> differs from what the console listens with: it applies at the next start.</summary>
    public bool IsPendingRestart(NetworkSettings saved) => Applied is not null && Applied != saved;

    /// <summary>Sets the server's listen addresses from the saved settings, unless the start gave its own.</summary>
    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        if (OverriddenBy is not null || server?.Features.Get<IServerAddressesFeature>() is not { Addresses.IsReadOnly: false } feature)
        {
            return;
        }

        var network = (await settings.GetAsync<NetworkSettings>(cancellationToken)).Settings;
        var urls = network.Urls;
        var plain = urls.Where(ListenAddresses.IsPlainBeyondLoopback).ToList();
        if (plain.Count > 0 && !ListenAddresses.AllowsPlainHttp(configuration))
        {
            throw new PlainHttpRefusedException($"{ListenAddresses.PlainHttpRefusal(plain)} (These addresses come from the Network tab; --urls overrides them.)");
        }

        plainHttp.Add(plain);
        feature.Addresses.Clear();
        foreach (var url in urls)
        {
            feature.Addresses.Add(url);
        }

        Applied = network;
        LogListening(logger, string.Join(", ", urls));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening on {Addresses}, as the Network tab says.")]
    private static partial void LogListening(ILogger logger, string addresses);
}
