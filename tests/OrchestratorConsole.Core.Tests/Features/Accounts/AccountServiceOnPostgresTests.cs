namespace OrchestratorConsole.Core.Tests.Features.Accounts;

public sealed class AccountServiceOnPostgresTests() : AccountServiceTests(NodeStore.Postgres);
