using System.Text.Json;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.UI.Features.Database;

/// <summary>
/// The Database tab's editable values. The stored password is never loaded into it: <see cref="Password"/> holds only
/// what the user types, and null keeps the saved one.
/// </summary>
public sealed class DatabaseForm
{
    public DatabaseType Type { get; set; }

    public string? Host { get; set; }

    public int? Port { get; set; }

    public string? DatabaseName { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>SQL Server's encryption.</summary>
    public bool UseSsl { get; set; }

    /// <summary>PostgreSQL's TLS mode.</summary>
    public DatabaseSslMode SslMode { get; set; } = DatabaseSslMode.Prefer;

    public string? Instance { get; set; }

    public string? Domain { get; set; }

    public bool UseNtlmV2 { get; set; }

    public bool IsServer => Type != DatabaseType.Embedded;

    public bool IsSqlServer => Type == DatabaseType.SqlServer;

    public int DefaultPort => IsSqlServer ? DatabaseSettings.SqlServerDefaultPort : DatabaseSettings.PostgreSqlDefaultPort;

    public static DatabaseForm From(DatabaseSettings settings) => new()
    {
        Type = settings.Type,
        Host = settings.Host,
        Port = settings.Port,
        DatabaseName = settings.DatabaseName,
        UserName = settings.UserName,
        UseSsl = settings.UseSsl,
        SslMode = settings.SslMode,
        Instance = settings.Instance,
        Domain = settings.Domain,
        UseNtlmV2 = settings.UseNtlmV2,
    };

    /// <summary>The settings to save; fields of another database type are left out so they cannot break its rules.</summary>
    public DatabaseSettings ToSettings() => new()
    {
        Type = Type,
        Host = Blank(Host),
        Port = Port,
        DatabaseName = Blank(DatabaseName),
        UserName = Blank(UserName),
        Password = string.IsNullOrEmpty(Password) ? null : Password,
        UseSsl = UseSsl,
        SslMode = SslMode,
        Instance = IsSqlServer ? Blank(Instance) : null,
        Domain = IsSqlServer ? Blank(Domain) : null,
        UseNtlmV2 = IsSqlServer && UseNtlmV2,
    };

    /// <summary>The unsaved values as <c>Test connection</c> takes them; a null password keeps the saved one.</summary>
    public JsonObject ToChanges() =>
        JsonSerializer.SerializeToNode(ToSettings(), ConfigurationRegistry.JsonOptions)!.AsObject();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
