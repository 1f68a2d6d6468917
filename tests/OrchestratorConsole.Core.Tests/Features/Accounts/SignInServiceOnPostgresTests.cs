namespace OrchestratorConsole.Core.Tests.Features.Accounts;

public sealed class SignInServiceOnPostgresTests() : SignInServiceTests(NodeStore.Postgres);
