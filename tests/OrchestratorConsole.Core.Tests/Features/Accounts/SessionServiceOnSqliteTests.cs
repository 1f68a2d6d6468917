namespace OrchestratorConsole.Core.Tests.Features.Accounts;

public sealed class SessionServiceOnSqliteTests() : SessionServiceTests(NodeStore.Sqlite);
