namespace OrchestratorConsole.Core.Tests.Features.Accounts;

public sealed class SignInServiceOnSqliteTests() : SignInServiceTests(NodeStore.Sqlite);
