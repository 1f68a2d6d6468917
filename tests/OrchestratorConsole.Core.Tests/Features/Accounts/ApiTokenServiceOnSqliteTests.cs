namespace OrchestratorConsole.Core.Tests.Features.Accounts;

public sealed class ApiTokenServiceOnSqliteTests() : ApiTokenServiceTests(NodeStore.Sqlite);
