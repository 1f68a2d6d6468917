namespace OrchestratorConsole.Core.Tests.Features.Configuration;

public sealed class ConfigurationSaveOnSqliteTests() : ConfigurationSaveTests(NodeStore.Sqlite);
