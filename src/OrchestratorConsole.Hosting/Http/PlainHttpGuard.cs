using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrchestratorConsole.Core.Features.Network;

namespace OrchestratorConsole.Hosting.Http;

/// <summary>
/// A console listening on plain HTTP beyond loopback would take passwords and configurations in clear from the
/// network: a start whose <c>--urls</c> (or Kestrel endpoints) ask for it is refused, naming
/// <c>Network:AllowPlainHttp</c>, unless that key allows it; then every page says so. Loopback (the README's quick
/// start) is always allowed. The Network tab's own addresses get the same rule when the node applies them.
/// </summary>
public static class PlainHttpGuard
{
    public static IHostApplicationBuilder RefusePlainHttpBeyondLoopback(this IHostApplicationBuilder builder)
    {
        var beyond = ListenAddresses.Configured(builder.Configuration).Where(ListenAddresses.IsPlainBeyondLoopback).ToList();
        if (beyond.Count > 0 && !ListenAddresses.AllowsPlainHttp(builder.Configuration))
        {
            throw new PlainHttpRefusedException(ListenAddresses.PlainHttpRefusal(beyond));
        }

        builder.Services.AddSingleton(new PlainHttpListeners(beyond));
        return builder;
    }
}
