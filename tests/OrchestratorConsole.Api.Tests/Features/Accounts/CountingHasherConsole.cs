using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Core.Features.Accounts;

namespace OrchestratorConsole.Api.Tests.Features.Accounts;

/// <summary>The console with Identity's own password hasher (the app's iteration count) behind a <see cref="CountingPasswordHasher"/>.</summary>
public sealed class CountingHasherConsole : ConsoleFactory
{
    private readonly ConcurrentDictionary<string, int> _verifications = new(StringComparer.Ordinal);

    /// <summary>How many times a stored or dummy hash was verified against <paramref name="password"/>.</summary>
    public int VerificationsOf(string password) => _verifications.GetValueOrDefault(password);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Scoped<IPasswordHasher<ConsoleUser>>(sp =>
            new CountingPasswordHasher(new PasswordHasher<ConsoleUser>(sp.GetRequiredService<IOptions<PasswordHasherOptions>>()), _verifications))));
    }
}
