using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Database;

/// <summary>
/// Keeps the last known state of the saved Orchestrator database (reachable, schema current), so the
/// red/green rule can be shown on every page without connecting each time. Refreshed at start, after a
/// save of the database section, after a test and after an install.
/// </summary>
public sealed partial class DatabaseStatusService
{
    private readonly ConfigurationService _configuration;
    private readonly OrchestratorSchemaService _schema;
    private readonly TimeProvider _time;
    private readonly ILogger<DatabaseStatusService> _logger;
    private volatile DatabaseStatus? _status;

    public DatabaseStatusService(ConfigurationService configuration, ConfigurationEvents events, OrchestratorSchemaService schema, TimeProvider time, ILogger<DatabaseStatusService> logger)
    {
        _configuration = configuration;
        _schema = schema;
        _time = time;
        _logger = logger;
        events.SectionSaved += section =>
        {
            if (section == ConfigurationRegistry.Database)
            {
                _ = RefreshAsync();
            }
        };
    }

    /// <summary>Raised after each refresh, for pages that show the state.</summary>
    public event Action<DatabaseStatus>? Changed;

    /// <summary>The state for the currently saved settings, or null while it has not been checked.</summary>
    public async Task<DatabaseStatus?> GetAsync(CancellationToken cancellationToken = default)
    {
        var saved = await _configuration.GetAsync<DatabaseSettings>(cancellationToken);
        var status = _status;
        return status is not null && status.SettingsKey == KeyOf(saved.Settings) ? status : null;
    }

    public Task<DatabaseStatus> RefreshAsync(CancellationToken cancellationToken = default) => RefreshAsync(null, cancellationToken);

    /// <param name="known">The saved database's schema status, just read by the caller (the node's start): not read again.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    public async Task<DatabaseStatus> RefreshAsync(SchemaStatus? known, CancellationToken cancellationToken)
    {
        var saved = (await _configuration.GetAsync<DatabaseSettings>(cancellationToken)).Settings;
        DatabaseStatus status;
        if (ConfigurationRegistry.Validate(saved).Any())
        {
            status = new DatabaseStatus(KeyOf(saved), false, null, "The database settings are incomplete.", _time.GetUtcNow());
        }
        else
        {
            try
            {
                var schema = known ?? await _schema.GetStatusAsync(saved, cancellationToken);
                status = new DatabaseStatus(KeyOf(saved), true, schema, saved.Type == DatabaseType.SqlServer ? "SQL Server is accepted and checked, but this version installs the Orchestrator schema only on Embedded and PostgreSQL." : schema.Describe(), _time.GetUtcNow());
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogUnreachable(_logger, saved.Type, saved.Host ?? "-", ex.GetType().Name);
                status = new DatabaseStatus(KeyOf(saved), false, null, DatabaseFailures.Describe(ex, saved), _time.GetUtcNow());
            }
        }

        _status = status;
        Changed?.Invoke(status);
        return status;
    }

    /// <summary>Identifies a set of settings (secrets included, as a hash) so a stale state is never shown for new settings.</summary>
    public static string KeyOf(DatabaseSettings settings) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(settings, ConfigurationRegistry.JsonOptions))));

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Orchestrator database ({Type} at {Host}) is not reachable: {Error}")]
    private static partial void LogUnreachable(ILogger logger, DatabaseType type, string host, string error);
}
