using Microsoft.AspNetCore.DataProtection;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>Encrypts secret settings at rest with this node's Data Protection key ring.</summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    private const string Prefix = "dp:";
    private readonly IDataProtector _protector = provider.CreateProtector("OrchestratorConsole.Configuration.Secrets.v1");

    public static bool IsProtected(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    public string Protect(string clear) => Prefix + _protector.Protect(clear);

    public string Unprotect(string stored) =>
        IsProtected(stored)
            ? _protector.Unprotect(stored[Prefix.Length..])
            : throw new InvalidOperationException("A stored secret is not in the protected format.");
}
