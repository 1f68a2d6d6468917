namespace OrchestratorConsole.Core.Tests.Features.Accounts;

public sealed class SessionServiceOnPostgresTests() : SessionServiceTests(NodeStore.Postgres);
