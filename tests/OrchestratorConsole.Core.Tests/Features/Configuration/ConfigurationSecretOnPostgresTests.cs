namespace OrchestratorConsole.Core.Tests.Features.Configuration;

public sealed class ConfigurationSecretOnPostgresTests() : ConfigurationSecretTests(NodeStore.Postgres);
