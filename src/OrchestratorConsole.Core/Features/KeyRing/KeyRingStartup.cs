using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrchestratorConsole.Core.Features.KeyRing;

/// <summary>
/// Prepares the key ring's folder before Data Protection loads the ring, and says in one line how the keys are
/// protected at rest: by the certificate, or by the folder being readable by this account only.
/// </summary>
public sealed partial class KeyRingStartup(KeyRingFolder folder, KeyRingCertificate certificate, ILogger<KeyRingStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        folder.Prepare();
        if (certificate.Certificate is { } protector)
        {
            LogCertificate(logger, folder.Path, protector.Subject, protector.Thumbprint);
        }
        else if (OperatingSystem.IsWindows())
        {
            LogWindowsFolder(logger, folder.Path, KeyRingCertificateOptions.SectionName);
        }
        else if (folder.ReplacedMode is { } before)
        {
            LogFolderMadePrivate(logger, folder.Path, KeyRingFolder.Octal(before), KeyRingCertificateOptions.SectionName);
        }
        else
        {
            LogPrivateFolder(logger, folder.Path, KeyRingCertificateOptions.SectionName);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Data Protection keys in {Folder} are encrypted at rest with the certificate {Subject} ({Thumbprint})")]
    private static partial void LogCertificate(ILogger logger, string folder, string subject, string thumbprint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data Protection keys in {Folder} are protected by the folder: only this account may read it (mode 0700); set {Section} to encrypt them as well")]
    private static partial void LogPrivateFolder(ILogger logger, string folder, string section);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data Protection keys in {Folder} are protected by the folder: its mode was {Before} and is now 0700, so only this account may read it; set {Section} to encrypt them as well")]
    private static partial void LogFolderMadePrivate(ILogger logger, string folder, string before, string section);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data Protection keys in {Folder} are protected only by the folder's access rules; set {Section} to encrypt them")]
    private static partial void LogWindowsFolder(ILogger logger, string folder, string section);
}
