using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Options;

namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>Limits sign-in attempts per client address and user name, for the browser and the API alike.</summary>
public sealed class SignInThrottle(IOptions<AccountOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.SignInAttemptsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>Throws <see cref="TooManyAttemptsException"/> when the caller has used up this minute's attempts.</summary>
    public void Acquire(string? remoteAddress, string? userName)
    {
        using var lease = _limiter.AttemptAcquire($"{remoteAddress ?? "local"}|{userName?.Trim().ToUpperInvariant()}");
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
            throw new TooManyAttemptsException($"Too many sign-in attempts for '{userName}' from this address: wait {Math.Ceiling(retryAfter.TotalSeconds)} seconds and try again.", retryAfter);
        }
    }

    public void Dispose() => _limiter.Dispose();
}
