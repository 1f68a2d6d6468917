namespace OrchestratorConsole.Core.Tests.Features.Configuration;

public sealed class ConfigurationSecretOnSqliteTests() : ConfigurationSecretTests(NodeStore.Sqlite);
