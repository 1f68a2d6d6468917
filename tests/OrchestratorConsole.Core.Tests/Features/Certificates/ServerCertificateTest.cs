using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Features.Certificates;

namespace OrchestratorConsole.Core.Tests.Features.Certificates;

/// <summary>A started node on <paramref name="store"/> whose clock starts at the real time (test certificates are made from it).</summary>
public abstract class ServerCertificateTest(NodeStore store, IReadOnlyDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    private NodeHost _node = null!;

    /// <summary>Now, to the second (certificates hold whole seconds).</summary>
    protected static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    protected NodeHost Node => _node;

    protected ServerCertificateService Certificates => _node.Get<ServerCertificateService>();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _node = await NodeHost.StartAsync(
            new NodeHostOptions { Store = store, Time = new FakeTimeProvider(Start), Settings = settings ?? new Dictionary<string, string?>() },
            Ct);

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    /// <summary>The stored row, read again from the settings store.</summary>
    protected async Task<ServerCertificateRecord> StoredAsync()
    {
        await using var db = _node.CreateDbContext();
        return await db.ServerCertificates.AsNoTracking().SingleAsync(Ct);
    }

    protected async Task<NodeHost> RestartAsync()
    {
        var keep = new NodeHostOptions { Store = store, DataDirectory = _node.DataDirectory, PostgresDatabase = _node.PostgresDatabase };
        await _node.StopAsync();
        return await NodeHost.StartAsync(keep, Ct);
    }
}
