namespace OrchestratorConsole.Core.Tests.Features.Accounts;

public sealed class AccountServiceOnSqliteTests() : AccountServiceTests(NodeStore.Sqlite);
