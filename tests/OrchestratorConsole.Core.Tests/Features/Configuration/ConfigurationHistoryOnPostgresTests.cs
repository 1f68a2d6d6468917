namespace OrchestratorConsole.Core.Tests.Features.Configuration;

public sealed class ConfigurationHistoryOnPostgresTests() : ConfigurationHistoryTests(NodeStore.Postgres);
