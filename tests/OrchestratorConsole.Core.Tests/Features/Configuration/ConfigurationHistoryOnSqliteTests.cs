namespace OrchestratorConsole.Core.Tests.Features.Configuration;

public sealed class ConfigurationHistoryOnSqliteTests() : ConfigurationHistoryTests(NodeStore.Sqlite);
