namespace OrchestratorConsole.Core.Tests.Features.Configuration;

public sealed class ConfigurationSaveOnPostgresTests() : ConfigurationSaveTests(NodeStore.Postgres);
