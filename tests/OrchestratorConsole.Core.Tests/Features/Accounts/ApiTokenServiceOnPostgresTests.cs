namespace OrchestratorConsole.Core.Tests.Features.Accounts;

public sealed class ApiTokenServiceOnPostgresTests() : ApiTokenServiceTests(NodeStore.Postgres);
