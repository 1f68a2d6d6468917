namespace OrchestratorConsole.Core.Options;

public sealed class SettingsStoreOptions
{
    public SettingsStoreProvider Provider { get; set; } = SettingsStoreProvider.Sqlite;

    public string? ConnectionString { get; set; }
}
