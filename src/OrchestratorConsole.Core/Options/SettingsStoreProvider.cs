namespace OrchestratorConsole.Core.Options;

public enum SettingsStoreProvider
{
    Sqlite,
    Postgres,
}
