using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace OrchestratorConsole.Core.Tests;

/// <summary>How to start a <see cref="NodeHost"/>.</summary>
public sealed record NodeHostOptions
{
    public NodeStore Store { get; init; } = NodeStore.Sqlite;

    /// <summary>An existing data directory (to restart a node on it); by default a fresh temporary one owned by the host.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>An existing PostgreSQL settings database (to restart a node on it); by default a fresh one.</summary>
    public string? PostgresDatabase { get; init; }

    /// <summary>A clock the test moves by hand; by default the system clock.</summary>
    public FakeTimeProvider? Time { get; init; }

    /// <summary>More start-up configuration keys, e.g. <c>Accounts:InitialAdminPassword</c>.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Changes to the node's services after the app's own, e.g. an EF interceptor that injects a fault.</summary>
    public Action<IServiceCollection>? Services { get; init; }
}
