using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using OrchestratorConsole.Core.Features.KeyRing;
using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.Hosting;

/// <summary>Turns a failed start into one line a person can act on.</summary>
public static class StartupFailure
{
    public static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException options => string.Join(" ", options.Failures),
        InvalidOperationException { Message: var m } when m.Contains("Failed to convert configuration value", StringComparison.Ordinal) => m.Split('\n')[0],
        DataDirectoryInUseException inUse => inUse.Message,
        Core.Features.Network.PlainHttpRefusedException plain => plain.Message,
        KeyRingCertificateException certificate => certificate.Message,
        IOException { InnerException: AddressInUseException } bind => bind.Message,
        AggregateException aggregate when aggregate.InnerExceptions.Count == 1 => Describe(aggregate.InnerException!),
        _ => null,
    };
}
